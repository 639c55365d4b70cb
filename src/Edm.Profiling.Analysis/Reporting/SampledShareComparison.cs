using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// CPU samples of two runs side by side, for information only: where the hottest probes' running
/// samples fell now and in the baseline (<c>inside Fft.TransformFrame: Fourier.Forward 58% (baseline 52%)</c>).
/// Samples are estimates with their own noise, so they never take part in a verdict.
/// </summary>
public static class SampledShareComparison
{
    /// <summary>The heading the lines go under.</summary>
    public const string Heading = "CPU samples (information only, never a verdict):";

    /// <summary>One line per hot frame of <paramref name="current"/>, with its share in <paramref name="baseline"/>; empty when either has no samples.</summary>
    public static IReadOnlyList<string> Lines(SessionReport? baseline, SessionReport? current)
    {
        if (baseline?.CpuSamples is null || current?.CpuSamples is null)
        {
            return [];
        }

        var before = new Dictionary<(string, string), double>();
        foreach (SampledHotspots.Hotspot hotspot in SampledHotspots.Of(baseline))
        {
            foreach ((string frame, double share) in hotspot.Frames)
            {
                before[(hotspot.Where, Key(frame))] = share;
            }
        }

        var lines = new List<string>();
        foreach (SampledHotspots.Hotspot hotspot in SampledHotspots.Of(current))
        {
            foreach ((string frame, double share) in hotspot.Frames)
            {
                string was = before.TryGetValue((hotspot.Where, Key(frame)), out double old)
                    ? string.Create(CultureInfo.InvariantCulture, $"baseline {old * 100:0}%")
                    : "not among the baseline's hottest";
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{hotspot.Where}: {frame} {share * 100:0}% ({was})"));
            }
        }

        return lines;
    }

    /// <summary>A frame's label without its hottest line, which moves with any edit of the file.</summary>
    private static string Key(string label)
    {
        int paren = label.IndexOf(" (", StringComparison.Ordinal);
        return paren > 0 ? label[..paren] : label;
    }
}
