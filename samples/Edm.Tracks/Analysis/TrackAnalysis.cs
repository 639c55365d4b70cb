namespace Edm.Tracks.Analysis;

/// <summary>Everything <c>edm analyze</c> reports about one track.</summary>
/// <param name="File">The file as named on the command line.</param>
/// <param name="DurationSeconds">Length of the audio.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="Tempo">The tempo, or null when no beat was found.</param>
/// <param name="Beats">Beat times in seconds.</param>
/// <param name="Loudness">RMS and peak levels.</param>
/// <param name="SpectralCentroidHz">Mean spectral centroid.</param>
public sealed record TrackAnalysis(
    string File,
    double DurationSeconds,
    int SampleRate,
    int Channels,
    TempoEstimate? Tempo,
    IReadOnlyList<double> Beats,
    Loudness Loudness,
    double SpectralCentroidHz);
