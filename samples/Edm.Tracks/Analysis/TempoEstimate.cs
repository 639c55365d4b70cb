namespace Edm.Tracks.Analysis;

/// <summary>A tempo read from a track.</summary>
/// <param name="Bpm">Beats per minute.</param>
/// <param name="Confidence">
/// Normalised autocorrelation of the onset envelope at the beat period, 0…1: near 1 for a steady
/// drum loop, near 0 when nothing repeats.
/// </param>
public readonly record struct TempoEstimate(double Bpm, double Confidence)
{
    /// <summary>Seconds between beats.</summary>
    public double BeatPeriodSeconds => 60.0 / Bpm;
}
