namespace Edm.Tracks.Analysis;

/// <summary>
/// Onset strength per frame: how much new energy appears, high where a drum hits. Tempo and beats
/// are read from it, not from the audio.
/// </summary>
/// <param name="Values">One non-negative value per spectrogram frame.</param>
/// <param name="Layout">The frame layout, for frame ↔ time conversion.</param>
public sealed record OnsetEnvelope(float[] Values, FrameLayout Layout)
{
    /// <summary>Frames per second.</summary>
    public double FrameRate => Layout.FrameRate;
}
