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
/// the baseline's shifted by the threshold (the larger of the relative threshold and the absolute
/// floor, Perfolizer's <see cref="Threshold"/>); Improved when the baseline's are significantly
/// greater than the current ones shifted the same way; otherwise Unchanged. This is the statistical
/// part of Perfolizer's <c>SimpleEquivalenceTest</c>, without its shortcut through the Shamos
/// estimator, which costs O(n²) per method. Rank tests need no normality and shrug off outliers,
/// which per-call durations always have.
/// </summary>
internal static class WallTimeComparer
{
    /// <summary>The threshold of a comparison: the larger of the relative change and the absolute floor.</summary>
    internal static Threshold Threshold(ComparisonOptions options, double floorNs) => new(
        PercentValue.Of(options.TimeThreshold * 100).ToMeasurement(),
        TimeInterval.FromNanoseconds(floorNs).ToMeasurement());

    internal static MetricComparison Compare(double[]? baseline, double[]? current, Threshold threshold, double floorNs, ComparisonOptions options)
    {
        var result = new MetricComparison
        {
            Metric = Metric.WallTime,
            Baseline = baseline is { Length: > 0 } ? MedianRatio.Median(baseline) : null,
            Current = current is { Length: > 0 } ? MedianRatio.Median(current) : null,
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
        var x = new Sample(current, TimeUnit.Nanosecond);
        var y = new Sample(baseline, TimeUnit.Nanosecond);
        double slower = MannWhitneyTest.Instance.GetPValue(x, y, AlternativeHypothesis.Greater, threshold);
        double faster = MannWhitneyTest.Instance.GetPValue(y, x, AlternativeHypothesis.Greater, threshold);
        Verdict verdict = slower < options.SignificanceLevel ? Verdict.Regressed
            : faster < options.SignificanceLevel ? Verdict.Improved
            : Verdict.Unchanged;
        string what = verdict switch
        {
            Verdict.Regressed => string.Create(CultureInfo.InvariantCulture, $"slower beyond {Percent(options.TimeThreshold)} or {floorNs:0.#} ns (one-sided Mann–Whitney p = {slower:G2})"),
            Verdict.Improved => string.Create(CultureInfo.InvariantCulture, $"faster beyond {Percent(options.TimeThreshold)} or {floorNs:0.#} ns (one-sided Mann–Whitney p = {faster:G2})"),
            _ => string.Create(CultureInfo.InvariantCulture, $"no change beyond {Percent(options.TimeThreshold)} or {floorNs:0.#} ns (Mann–Whitney p = {slower:G2} slower, {faster:G2} faster)"),
        };
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"median {result.Baseline:0.#} → {result.Current:0.#} ns, ×{ratio:0.000} [{lower:0.000}, {upper:0.000}] at {Percent(options.ConfidenceLevel)}; {what}; {baseline.Length} vs {current.Length} samples");
        return result with { Verdict = verdict, Ratio = ratio, RatioLower = lower, RatioUpper = upper, Reason = reason };
    }

    internal static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.##}%");
}
