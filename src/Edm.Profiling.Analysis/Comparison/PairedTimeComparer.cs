using System.Globalization;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Judges wall time of an interleaved A/B comparison from paired runs: per pair, the log of B's run
/// median over A's; then the median of those log-ratios with its confidence interval, both from
/// Perfolizer's Harrell–Davis quantile estimator (the interval from the Maritz–Jarrett standard error
/// and a Student t quantile). Pairing is what makes this trustworthy on a noisy machine: the two runs
/// of a pair ran back to back, so slow drift of the machine (heat, other tenants, a build next door)
/// moves both and cancels in their ratio, and the per-run median makes a method called once per run
/// worth one figure per run, so N runs give it a verdict.
/// </summary>
/// <remarks>
/// Regressed when B is slower with significance (the interval's lower end above ×1) and by more than
/// the band (the estimate above ×(1 + band)): asv's rule for <c>continuous</c>, a change that is both
/// real and large enough to matter. Improved the same way down. An estimate past the band whose
/// interval still holds ×1 is Unknown (more pairs would tell); anything else is Unchanged. The interval
/// is two-sided at 1 − 2·<see cref="ComparisonOptions.SignificanceLevel"/>, so each direction is a
/// one-sided test at the significance level, as the Mann–Whitney tests of a baseline comparison are.
/// </remarks>
internal static class PairedTimeComparer
{
    internal static MetricComparison Compare(IReadOnlyList<(long A, long B)> pairs, double floorNs, ComparisonOptions options)
    {
        var medianA = new long[pairs.Count];
        var medianB = new long[pairs.Count];
        var logRatios = new double[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            medianA[i] = pairs[i].A;
            medianB[i] = pairs[i].B;
            logRatios[i] = Math.Log(Positive(pairs[i].B) / Positive(pairs[i].A));
        }

        Array.Sort(medianA);
        Array.Sort(medianB);
        var result = new MetricComparison
        {
            Metric = Metric.WallTime,
            Baseline = pairs.Count > 0 ? Median.OfSorted(medianA) : null,
            Current = pairs.Count > 0 ? Median.OfSorted(medianB) : null,
        };
        if (pairs.Count < options.MinimumPairs)
        {
            return result with
            {
                Verdict = Verdict.Unknown,
                Reason = $"{pairs.Count} run pair{(pairs.Count == 1 ? "" : "s")} called the method in both runs; {options.MinimumPairs} needed for a paired verdict",
            };
        }

        (double estimate, double lower, double upper) = MedianWithInterval(logRatios, 1 - (2 * options.SignificanceLevel));
        double ratio = Math.Exp(estimate), ratioLower = Math.Exp(lower), ratioUpper = Math.Exp(upper);
        double band = Math.Max(options.TimeThreshold, floorNs / Math.Max(1, result.Baseline!.Value));
        bool slower = lower > 0, faster = upper < 0;
        Verdict verdict = slower && ratio > 1 + band ? Verdict.Regressed
            : faster && ratio < 1 / (1 + band) ? Verdict.Improved
            : (ratio > 1 + band || ratio < 1 / (1 + band)) ? Verdict.Unknown
            : Verdict.Unchanged;
        string beyond = string.Create(CultureInfo.InvariantCulture, $"±{WallTimeComparer.Percent(band)}");
        string what = verdict switch
        {
            Verdict.Regressed => $"B is slower, significantly and beyond {beyond}",
            Verdict.Improved => $"B is faster, significantly and beyond {beyond}",
            Verdict.Unknown => $"inconclusive: the estimate is beyond {beyond} but its interval holds ×1; more runs would tell",
            _ => slower || faster ? $"a significant change, but within {beyond}" : $"no significant change (the interval holds ×1), band {beyond}",
        };
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"paired over {pairs.Count} runs: run medians {result.Baseline:0.#} → {result.Current:0.#} ns, median of per-pair ratios ×{ratio:0.000} [{ratioLower:0.000}, {ratioUpper:0.000}] at {WallTimeComparer.Percent(1 - (2 * options.SignificanceLevel))}; {what}");
        return result with { Verdict = verdict, Ratio = ratio, RatioLower = ratioLower, RatioUpper = ratioUpper, Reason = reason };
    }

    /// <summary>The Harrell–Davis median of the values and its confidence interval at <paramref name="level"/>.</summary>
    internal static (double Estimate, double Lower, double Upper) MedianWithInterval(double[] values, double level)
    {
        ConfidenceInterval interval = HarrellDavisQuantileEstimator.Instance
            .QuantileConfidenceIntervalEstimator(new Sample(values), 0.5)
            .ConfidenceInterval(new ConfidenceLevel(level));
        return (interval.Estimation, interval.Lower, interval.Upper);
    }

    /// <summary>Durations of 0 ns (below the clock's resolution) would make the logarithm infinite.</summary>
    private static double Positive(long value) => Math.Max(value, 0.5);
}
