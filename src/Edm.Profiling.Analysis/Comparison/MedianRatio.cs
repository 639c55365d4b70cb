using System.Collections.Concurrent;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;
using Perfolizer.Mathematics.Distributions.DiscreteDistributions;

namespace Edm.Profiling.Analysis;

/// <summary>
/// The ratio of two medians with the distribution-free confidence interval of Price and Bonett (2002,
/// "Distribution-free confidence intervals for difference and ratio of medians"): on the log scale,
/// each median's variance is estimated from the order statistics around it, and the interval is
/// exp(ln(m₁/m₀) ± z·√(v₀ + v₁)). It needs only the sorted samples, so it costs O(n) per method
/// where a bootstrap would cost thousands of resamples.
/// </summary>
internal static class MedianRatio
{
    private static readonly ConcurrentDictionary<int, (int, double)> s_bracket = new();

    internal static (double Ratio, double Lower, double Upper) Estimate(long[] sortedBaseline, long[] sortedCurrent, double confidence)
    {
        double baselineMedian = Median.OfSorted(sortedBaseline);
        double currentMedian = Median.OfSorted(sortedCurrent);
        double ratio = Positive(currentMedian) / Positive(baselineMedian);
        double z = NormalDistribution.Standard.Quantile((1 + confidence) / 2);
        double spread = z * Math.Sqrt(LogMedianVariance(sortedBaseline) + LogMedianVariance(sortedCurrent));
        double logRatio = Math.Log(ratio);
        return (ratio, Math.Exp(logRatio - spread), Math.Exp(logRatio + spread));
    }

    /// <summary>
    /// Bonett–Price variance of ln(median): the order statistics c and n−c+1 with c = round(n/2 − √n)
    /// bracket the median with a coverage known from the binomial; dividing their log distance by twice
    /// the matching normal quantile gives a standard error.
    /// </summary>
    private static double LogMedianVariance(long[] sorted)
    {
        int n = sorted.Length;
        (int c, double zc) = s_bracket.GetOrAdd(n, Bracket);
        double distance = Math.Log(Positive(sorted[n - c])) - Math.Log(Positive(sorted[c - 1]));
        return zc <= 0 || double.IsNaN(zc) ? 0 : Math.Pow(distance / (2 * zc), 2);
    }

    /// <summary>Order statistic c and its normal quantile for a sample size; the binomial sum is cached per size.</summary>
    private static (int C, double Zc) Bracket(int n)
    {
        int c = Math.Max(1, (int)Math.Round((n / 2.0) - Math.Sqrt(n)));
        double tail = c - 1 < 0 ? 0 : new BinomialDistribution(n, 0.5).Cdf(c - 1);
        double coverage = 1 - (2 * tail);
        return (c, NormalDistribution.Standard.Quantile((1 + coverage) / 2));
    }

    /// <summary>Durations of 0 ns (below the clock's resolution) would make the logarithm infinite.</summary>
    private static double Positive(double value) => Math.Max(value, 0.5);
}
