using Perfolizer.Mathematics.Cpd;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Finds lasting steps in a series of per-commit values with Perfolizer's ED-PELT change-point
/// detector (nonparametric, robust to outliers). A change point is kept when the segments on both
/// sides last at least two points (a one-commit spike is not a step) and their medians differ by at
/// least the minimum relative step (so a statistically visible but tiny shift is not flagged).
/// </summary>
public static class TrendDetector
{
    /// <summary>Points a segment must last for a step to count.</summary>
    public const int MinimumSegment = 2;

    /// <summary>Indexes where a lasting step begins.</summary>
    public static IReadOnlyList<int> FindSteps(IReadOnlyList<double> values, double minimumStep = ComparisonOptions.DefaultTimeThreshold)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2 * MinimumSegment)
        {
            return [];
        }

        double[] data = [.. values];
        int[] candidates = EdPeltChangePointDetector.Instance.GetChangePointIndexes(data, MinimumSegment);
        var steps = new List<int>();
        int start = 0;
        for (int i = 0; i < candidates.Length; i++)
        {
            // Perfolizer reports the last index before a change; the step begins one later.
            int point = candidates[i] + 1;
            int end = i + 1 < candidates.Length ? candidates[i + 1] + 1 : data.Length;
            double before = Median.Of(data.AsSpan(start, point - start));
            double after = Median.Of(data.AsSpan(point, end - point));
            double scale = Math.Max(Math.Abs(before), double.Epsilon);
            if (point - start >= MinimumSegment && end - point >= MinimumSegment && Math.Abs(after - before) / scale >= minimumStep)
            {
                steps.Add(point);
                start = point;
            }
        }

        return steps;
    }
}
