using Edm.Profiling;
using Edm.Tracks.Audio;

namespace Edm.Tracks.Analysis;

/// <summary>Measures RMS and sample-peak levels.</summary>
public static class LoudnessMeter
{
    /// <summary>Reported for digital silence instead of −∞, which JSON cannot carry.</summary>
    public const double FloorDbfs = -120;

    /// <summary>RMS and peak over every sample of every channel.</summary>
    [Profile(Category = "analysis")]
    public static Loudness Measure(AudioClip clip)
    {
        double sumSquares = 0;
        float peak = 0;
        long count = 0;
        foreach (float[] channel in clip.Channels)
        {
            foreach (float sample in channel)
            {
                sumSquares += sample * sample;
                peak = Math.Max(peak, Math.Abs(sample));
            }

            count += channel.Length;
        }

        double rms = count == 0 ? 0 : Math.Sqrt(sumSquares / count);
        return new Loudness(ToDbfs(rms), ToDbfs(peak));
    }

    /// <summary>20·log10 of an amplitude, floored at <see cref="FloorDbfs"/>.</summary>
    public static double ToDbfs(double amplitude) =>
        amplitude <= 0 ? FloorDbfs : Math.Max(FloorDbfs, 20 * Math.Log10(amplitude));
}
