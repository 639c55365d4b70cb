using System.Globalization;
using Perfolizer.Horology;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Judges wall time per call with a Mann–Whitney based equivalence test (Perfolizer): two one-sided
/// tests against a threshold. Regressed when the current durations are significantly greater than
/// the baseline's shifted by the threshold (per value, the larger of the relative threshold and the
/// absolute floor: Perfolizer's <see cref="Threshold"/>); Improved when the baseline's are
/// significantly greater than the current ones shifted the same way; otherwise Unchanged. This is
/// the statistical part of Perfolizer's <c>SimpleEquivalenceTest</c>, without its shortcut through
/// the Shamos estimator, which costs O(n²) per method. Rank tests need no normality and shrug off
/// outliers, which per-call durations always have.
/// </summary>
/// <remarks>
/// Perfolizer 0.6.1's Mann–Whitney distributions compute n·m·(n+m+1) in 32-bit integers: its
/// Edgeworth approximation (what <see cref="MannWhitneyStrategy.Auto"/> picks above 65 values)
/// overflows from about 600 values a side and then gives p-values far too small, its normal
/// approximation from about 1,020. So the exact distribution is used up to 65 values in all, the
/// normal approximation above, and a side larger than <see cref="MaxSampleSize"/> is thinned to
/// evenly spaced order statistics. A one-sided test cannot be significant when its U statistic is
/// not above its null mean (the p-value is then at least a third), so U is counted first in one
/// merge of the sorted samples, and Perfolizer runs only for the tests that could reject; for most
/// methods of a comparison, neither.
/// </remarks>
internal static class WallTimeComparer
{
    /// <summary>Largest sample a side handed to the test (the normal approximation's integer range).</summary>
    internal const int MaxSampleSize = 1000;

    /// <summary>The threshold of a comparison: the larger of the relative change and the absolute floor.</summary>
    internal static Threshold Threshold(ComparisonOptions options, double floorNs) => ThresholdOf(options.TimeThreshold, floorNs);

    /// <summary>The threshold of a relative change and an absolute floor.</summary>
    internal static Threshold ThresholdOf(double relative, double floorNs) => new(
        PercentValue.Of(relative * 100).ToMeasurement(),
        TimeInterval.FromNanoseconds(floorNs).ToMeasurement());

    internal static MetricComparison Compare(long[]? baseline, long[]? current, Threshold threshold, double floorNs, ComparisonOptions options) =>
        Compare(baseline, current, threshold, options.TimeThreshold, floorNs, options, widening: null);

    /// <summary>
    /// Judges with a relative threshold of <paramref name="relative"/>: the option's threshold, or more
    /// when the baseline's runs disagreed among themselves (<paramref name="widening"/> says by how much,
    /// and goes into the reason).
    /// </summary>
    internal static MetricComparison Compare(long[]? baseline, long[]? current, Threshold threshold, double relative, double floorNs, ComparisonOptions options, string? widening)
    {
        var result = new MetricComparison
        {
            Metric = Metric.WallTime,
            Baseline = baseline is { Length: > 0 } ? Median.OfSorted(baseline) : null,
            Current = current is { Length: > 0 } ? Median.OfSorted(current) : null,
        };
        if (baseline is null || current is null)
        {
            string side = baseline is null && current is null ? "either run" : baseline is null ? "the baseline" : "the current run";
            return result with { Verdict = Verdict.Unknown, Reason = $"no duration samples in {side}: record sessions with a sample reservoir (SampleReservoirSize)" };
        }

        if (baseline.Length < options.MinimumSamples || current.Length < options.MinimumSamples)
        {
            return result with
            {
                Verdict = Verdict.Unknown,
                Reason = $"too few duration samples ({baseline.Length} in the baseline, {current.Length} in the current run; {options.MinimumSamples} needed on each side)",
            };
        }

        (double ratio, double lower, double upper) = MedianRatio.Estimate(baseline, current, options.ConfidenceLevel);
        long[] x = Thin(current), y = Thin(baseline);
        double? slower = PValue(x, y, threshold, relative, floorNs);
        double? faster = slower < options.SignificanceLevel ? null : PValue(y, x, threshold, relative, floorNs);
        Verdict verdict = slower < options.SignificanceLevel ? Verdict.Regressed
            : faster < options.SignificanceLevel ? Verdict.Improved
            : Verdict.Unchanged;
        string beyond = string.Create(CultureInfo.InvariantCulture, $"beyond {Percent(relative)} or {floorNs:0.#} ns");

        // The rank test and the interval of the median ratio answer different questions. When the
        // test finds no change beyond the threshold but the medians say otherwise (the whole interval
        // past the band, or a median moved past the band by a change the interval confirms), calling
        // it Unchanged would contradict the figures printed beside it: the data cannot tell yet.
        double band = Math.Max(relative, floorNs / Math.Max(1, result.Baseline!.Value));
        bool intervalBeyond = lower > 1 + band || upper < 1 - band;
        bool medianMovedBeyond = (lower > 1 || upper < 1) && (ratio > 1 + band || ratio < 1 - band);
        if (verdict == Verdict.Unchanged && (intervalBeyond || medianMovedBeyond))
        {
            verdict = Verdict.Unknown;
        }

        string what = verdict switch
        {
            Verdict.Regressed => $"slower {beyond} (one-sided Mann–Whitney p = {P(slower)})",
            Verdict.Improved => $"faster {beyond} (one-sided Mann–Whitney p = {P(faster)})",
            Verdict.Unknown => $"inconclusive: no significant change {beyond} (p = {P(slower)} slower, {P(faster)} faster), but {(intervalBeyond ? "the whole interval of the median ratio lies" : "the median moved, by a change its interval confirms,")} beyond ±{Percent(band)}; more samples would tell",
            _ => $"no change {beyond} (one-sided Mann–Whitney p = {P(slower)} slower, {P(faster)} faster)",
        };
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"median {result.Baseline:0.#} → {result.Current:0.#} ns, ×{ratio:0.000} [{lower:0.000}, {upper:0.000}] at {Percent(options.ConfidenceLevel)}; {what}; {baseline.Length} vs {current.Length} samples{(widening is null ? "" : "; " + widening)}");
        return result with { Verdict = verdict, Ratio = ratio, RatioLower = lower, RatioUpper = upper, Reason = reason };
    }

    internal static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.##}%");

    /// <summary>
    /// p-value of "x is greater than y shifted by the threshold" from Perfolizer's test, or null when
    /// U is not above its null mean, so that the test cannot reject at any level below a third.
    /// </summary>
    internal static double? PValue(long[] x, long[] y, Threshold threshold, double relative, double floorNs)
    {
        if (!UAboveNullMean(x, y, relative, floorNs))
        {
            return null;
        }

        MannWhitneyStrategy strategy = x.Length + y.Length <= 65 ? MannWhitneyStrategy.LoefflerExact : MannWhitneyStrategy.NormalApprox;
        return MannWhitneyTest.Instance.PerformStrategy(
            new Sample(ToDoubles(x), TimeUnit.Nanosecond), new Sample(ToDoubles(y), TimeUnit.Nanosecond), AlternativeHypothesis.Greater, threshold, strategy).PValue;
    }

    /// <summary>
    /// Whether U (pairs with x above the shifted y, ties counting a half) exceeds n·m/2, counted in one
    /// merge of the sorted x with the sorted shifted y (both shifts keep the order).
    /// </summary>
    private static bool UAboveNullMean(long[] x, long[] y, double relative, double floorNs)
    {
        double u = 0;
        int below = 0, equal = 0;
        long? previous = null;
        foreach (long value in x)
        {
            if (value != previous)
            {
                while (below < y.Length && Shifted(y[below]) < value)
                {
                    below++;
                }

                equal = 0;
                while (below + equal < y.Length && Shifted(y[below + equal]) == value)
                {
                    equal++;
                }

                previous = value;
            }

            u += below + (equal / 2.0);
        }

        return u > (double)x.Length * y.Length / 2;

        double Shifted(double v) => Math.Max(v * (1 + relative), v + floorNs);
    }

    /// <summary>Evenly spaced order statistics of a sorted sample larger than the test takes.</summary>
    private static long[] Thin(long[] sorted)
    {
        if (sorted.Length <= MaxSampleSize)
        {
            return sorted;
        }

        long[] thinned = new long[MaxSampleSize];
        for (int k = 0; k < thinned.Length; k++)
        {
            thinned[k] = sorted[(int)((k + 0.5) * sorted.Length / MaxSampleSize)];
        }

        return thinned;
    }

    private static double[] ToDoubles(long[] values)
    {
        double[] doubles = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            doubles[i] = values[i];
        }

        return doubles;
    }

    private static string P(double? p) => p is { } value ? value.ToString("G2", CultureInfo.InvariantCulture) : "≥ 0.3";
}
