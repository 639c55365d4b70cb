using System.Globalization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Judges wall time of an interleaved A/B comparison from paired runs: per pair, the log of B's run
/// median over A's; then the centre of those log-ratios (Hodges–Lehmann) with its distribution-free
/// confidence interval from Wilcoxon's signed-rank distribution (<see cref="SignedRankInterval"/>).
/// Pairing is what makes this trustworthy on a noisy machine: the two runs of a pair ran back to back,
/// so slow drift of the machine (heat, other tenants, a build next door) moves both and cancels in
/// their ratio; the random order inside each pair makes a burst that hits one run as likely to favour
/// A as B, which is exactly the signed-rank test's null; and the per-run median makes a method called
/// once per run worth one figure per run, so N runs give it a verdict.
/// </summary>
/// <remarks>
/// Regressed when B is slower with significance (the interval's lower end above ×1) and by more than
/// the band (the estimate above ×(1 + band)): asv's rule for <c>continuous</c>, a change that is both
/// real and large enough to matter. Improved the same way down. An estimate past the band whose
/// interval still holds ×1 is Unknown (more pairs would tell); anything else is Unchanged. The interval
/// is two-sided at 1 − 2·<see cref="ComparisonOptions.SignificanceLevel"/>, so each direction is a
/// one-sided test at the significance level, as the Mann–Whitney tests of a baseline comparison are;
/// below <see cref="SignedRankInterval.PairsNeeded"/> pairs (7 at 0.01) no interval excludes ×1.
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

        (double estimate, double lower, double upper) = SignedRankInterval.Of(logRatios, 1 - (2 * options.SignificanceLevel));
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
            Verdict.Unknown => $"inconclusive: the estimate is beyond {beyond} but its interval holds ×1; more runs would tell{TooFew(pairs.Count, options)}",
            _ => slower || faster ? $"a significant change, but within {beyond}" : $"no significant change (the interval holds ×1), band {beyond}{TooFew(pairs.Count, options)}",
        };
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"paired over {pairs.Count} runs: run medians {result.Baseline:0.#} → {result.Current:0.#} ns, centre of per-pair ratios ×{ratio:0.000} [{ratioLower:0.000}, {ratioUpper:0.000}] at {WallTimeComparer.Percent(1 - (2 * options.SignificanceLevel))}; {what}");
        // Too few pairs for the level leave the interval unbounded: no bounds are written then (JSON has no ∞).
        bool bounded = !double.IsInfinity(lower) && !double.IsInfinity(upper);
        return result with { Verdict = verdict, Ratio = ratio, RatioLower = bounded ? ratioLower : null, RatioUpper = bounded ? ratioUpper : null, Reason = reason };
    }

    /// <summary>Says when the pairs were too few for any interval to exclude ×1 at the level.</summary>
    private static string TooFew(int pairs, ComparisonOptions options)
    {
        int needed = SignedRankInterval.PairsNeeded(options.SignificanceLevel);
        return pairs < needed
            ? string.Create(CultureInfo.InvariantCulture, $" ({pairs} pairs cannot be significant at {options.SignificanceLevel:0.###}: {needed} needed)")
            : string.Empty;
    }

    /// <summary>Durations of 0 ns (below the clock's resolution) would make the logarithm infinite.</summary>
    private static double Positive(long value) => Math.Max(value, 0.5);
}
