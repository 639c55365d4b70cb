namespace Edm.Tracks.Analysis;

/// <summary>Magnitude spectra of successive frames, stored frame after frame in one array.</summary>
/// <param name="Layout">How the frames were cut.</param>
/// <param name="FrameCount">Number of frames.</param>
/// <param name="Magnitudes">
/// <c>FrameCount × Layout.BinCount</c> magnitudes; frame <c>f</c>, bin <c>b</c> is at <c>f * BinCount + b</c>.
/// </param>
public sealed record Spectrogram(FrameLayout Layout, int FrameCount, float[] Magnitudes)
{
    /// <summary>The magnitudes of one frame, from 0 Hz to Nyquist.</summary>
    public ReadOnlySpan<float> Frame(int frame) =>
        Magnitudes.AsSpan(frame * Layout.BinCount, Layout.BinCount);
}
