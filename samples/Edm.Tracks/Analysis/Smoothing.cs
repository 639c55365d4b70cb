namespace Edm.Tracks.Analysis;

/// <summary>Gaussian smoothing, so slightly early or late hits still line up.</summary>
public static class Smoothing
{
    /// <summary>Convolves <paramref name="values"/> with a Gaussian of <paramref name="sigma"/> samples (±3σ kernel).</summary>
    public static float[] Gaussian(ReadOnlySpan<float> values, double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[(2 * radius) + 1];
        float total = 0;
        for (int i = -radius; i <= radius; i++)
        {
            float w = (float)Math.Exp(-0.5 * i * i / (sigma * sigma));
            kernel[i + radius] = w;
            total += w;
        }

        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float sum = 0;
            for (int k = -radius; k <= radius; k++)
            {
                int j = i + k;
                if (j >= 0 && j < values.Length)
                {
                    sum += values[j] * kernel[k + radius];
                }
            }

            result[i] = sum / total;
        }

        return result;
    }
}
