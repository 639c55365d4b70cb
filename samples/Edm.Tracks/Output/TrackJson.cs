namespace Edm.Tracks.Output;

/// <summary>One track in the JSON output.</summary>
public sealed record TrackJson(
    string File,
    double DurationSeconds,
    int SampleRate,
    int Channels,
    double? Bpm,
    double? TempoConfidence,
    double[] Beats,
    double RmsDbfs,
    double PeakDbfs,
    double SpectralCentroidHz);
