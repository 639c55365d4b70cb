namespace Edm.Profiling.Analysis;

/// <summary>Counts per verdict and the geometric mean ratio of the regressed and of the improved methods.</summary>
internal static class VerdictSummary
{
    internal static ComparisonSummary Of(IReadOnlyList<MethodComparison> methods)
    {
        var counts = Enum.GetValues<Verdict>().ToDictionary(v => v, _ => 0);
        foreach (MethodComparison method in methods)
        {
            counts[method.Verdict]++;
        }

        return new ComparisonSummary
        {
            Counts = counts,
            GeometricMeanRegressedRatio = GeometricMean(methods, Verdict.Regressed),
            GeometricMeanImprovedRatio = GeometricMean(methods, Verdict.Improved),
        };
    }

    /// <summary>
    /// Over the methods with the verdict, the ratio of the metric that decided it: wall time when time
    /// gave that verdict, else the first metric that did (allocations, then calls).
    /// </summary>
    private static double? GeometricMean(IReadOnlyList<MethodComparison> methods, Verdict verdict)
    {
        double logSum = 0;
        int count = 0;
        foreach (MethodComparison method in methods.Where(m => m.Verdict == verdict))
        {
            MetricComparison? deciding = method.Metrics.FirstOrDefault(m => m.Metric == Metric.WallTime && m.Verdict == verdict)
                ?? method.Metrics.FirstOrDefault(m => m.Verdict == verdict && m.Metric == Metric.AllocatedBytesPerCall)
                ?? method.Metrics.FirstOrDefault(m => m.Verdict == verdict);
            if (deciding?.Ratio is { } ratio && ratio > 0 && double.IsFinite(ratio))
            {
                logSum += Math.Log(ratio);
                count++;
            }
        }

        return count == 0 ? null : Math.Exp(logSum / count);
    }
}
