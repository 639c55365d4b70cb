using Edm.Profiling;

namespace Edm.Tracks.Analysis;

/// <summary>
/// Spectral flux onset detection: log-compressed band energies, their frame-to-frame rises summed
/// over bands, minus a running local mean (an adaptive threshold), clipped at zero.
/// </summary>
public static class OnsetDetector
{
    /// <summary>Log compression <c>log(1 + γ·x)</c>: evens out loud and quiet drums.</summary>
    private const float Compression = 100f;

    /// <summary>Length of the running mean that is subtracted, in seconds.</summary>
    private const double LocalMeanSeconds = 0.5;

    /// <summary>The onset strength envelope of a spectrogram.</summary>
    [Profile(Layer.Detailed, Category = "dsp")]
    public static OnsetEnvelope Compute(Spectrogram spectrogram)
    {
        FrameLayout layout = spectrogram.Layout;
        FrequencyBands bands = FrequencyBands.For(layout);
        int frames = spectrogram.FrameCount;
        var flux = new float[frames];
        var previous = new float[bands.Count];
        var current = new float[bands.Count];

        for (int frame = 0; frame < frames; frame++)
        {
            ReadOnlySpan<float> row = spectrogram.Frame(frame);
            float rise = 0;
            for (int band = 0; band < bands.Count; band++)
            {
                float sum = 0;
                for (int b = bands.Starts[band]; b < bands.Ends[band]; b++)
                {
                    sum += row[b];
                }

                float mean = sum / (bands.Ends[band] - bands.Starts[band]);
                current[band] = MathF.Log(1 + (Compression * mean));
                if (frame > 0)
                {
                    rise += Math.Max(0, current[band] - previous[band]);
                }
            }

            flux[frame] = rise / bands.Count;
            (previous, current) = (current, previous);
        }

        return new OnsetEnvelope(SubtractLocalMean(flux, layout.FrameRate), layout);
    }

    private static float[] SubtractLocalMean(float[] flux, double frameRate)
    {
        int half = Math.Max(1, (int)Math.Round(LocalMeanSeconds * frameRate / 2));
        var result = new float[flux.Length];
        double sum = 0;
        int lo = 0;
        int hi = -1;
        for (int i = 0; i < flux.Length; i++)
        {
            // Slide the window [i - half, i + half] along with running sums.
            while (hi < Math.Min(flux.Length - 1, i + half))
            {
                sum += flux[++hi];
            }

            while (lo < i - half)
            {
                sum -= flux[lo++];
            }

            float mean = (float)(sum / (hi - lo + 1));
            result[i] = Math.Max(0, flux[i] - mean);
        }

        return result;
    }
}
