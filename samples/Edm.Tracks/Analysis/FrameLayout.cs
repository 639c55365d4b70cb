using System.Numerics;

namespace Edm.Tracks.Analysis;

/// <summary>How the signal is cut into overlapping frames for the short-time Fourier transform.</summary>
/// <param name="SampleRate">Samples per second of the signal.</param>
/// <param name="FrameSize">Samples per frame, a power of two (the FFT length).</param>
/// <param name="Hop">Samples between the starts of two frames.</param>
public readonly record struct FrameLayout(int SampleRate, int FrameSize, int Hop)
{
    /// <summary>Seconds between frames we aim for: ~11.6 ms, i.e. 86 frames/s, fine enough for beats.</summary>
    private const double TargetHopSeconds = 0.0116;

    /// <summary>Frames per second.</summary>
    public double FrameRate => (double)SampleRate / Hop;

    /// <summary>Hz between two FFT bins.</summary>
    public double BinWidth => (double)SampleRate / FrameSize;

    /// <summary>Bins from 0 Hz to Nyquist inclusive.</summary>
    public int BinCount => (FrameSize / 2) + 1;

    /// <summary>
    /// The layout for a sample rate: a power-of-two hop near 11.6 ms and frames four hops long
    /// (~46 ms), so 22.05 kHz gives 1024/256 and 44.1 kHz gives 2048/512.
    /// </summary>
    public static FrameLayout For(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        int target = Math.Max(1, (int)Math.Round(sampleRate * TargetHopSeconds));
        int hop = (int)BitOperations.RoundUpToPowerOf2((uint)target);
        if (hop - target > target - (hop / 2) && hop > 1)
        {
            hop /= 2;
        }

        return new FrameLayout(sampleRate, hop * 4, hop);
    }

    /// <summary>Number of frames covering <paramref name="sampleCount"/> samples (at least one).</summary>
    public int FrameCount(int sampleCount) =>
        sampleCount <= FrameSize ? 1 : 1 + ((sampleCount - FrameSize) / Hop);

    /// <summary>Time in seconds of the centre of frame <paramref name="frame"/>.</summary>
    public double TimeOf(double frame) => ((frame * Hop) + (FrameSize / 2.0)) / SampleRate;
}
