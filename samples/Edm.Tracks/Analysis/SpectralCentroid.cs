using Edm.Profiling;

namespace Edm.Tracks.Analysis;

/// <summary>
/// The spectral centroid, the magnitude-weighted mean frequency: a "brightness" figure, low for a
/// bass-heavy mix, high for one full of hi-hats.
/// </summary>
public static class SpectralCentroid
{
    /// <summary>Frames quieter than this (relative to the loudest frame, in dB) are left out.</summary>
    private const double SilenceBelowDb = -60;

    /// <summary>Mean over non-silent frames of each frame's centroid, in Hz; 0 for silence.</summary>
    [Profile(Category = "analysis")]
    public static double Measure(Spectrogram spectrogram)
    {
        int frames = spectrogram.FrameCount;
        double binWidth = spectrogram.Layout.BinWidth;
        var totals = new double[frames];
        var centroids = new double[frames];
        double loudest = 0;
        for (int frame = 0; frame < frames; frame++)
        {
            ReadOnlySpan<float> row = spectrogram.Frame(frame);
            double total = 0;
            double weighted = 0;
            for (int bin = 0; bin < row.Length; bin++)
            {
                total += row[bin];
                weighted += row[bin] * bin * binWidth;
            }

            totals[frame] = total;
            centroids[frame] = total > 0 ? weighted / total : 0;
            loudest = Math.Max(loudest, total);
        }

        if (loudest <= 0)
        {
            return 0;
        }

        double threshold = loudest * Math.Pow(10, SilenceBelowDb / 20);
        double sum = 0;
        int counted = 0;
        for (int frame = 0; frame < frames; frame++)
        {
            if (totals[frame] >= threshold)
            {
                sum += centroids[frame];
                counted++;
            }
        }

        return sum / counted;
    }
}
