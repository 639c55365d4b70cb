using System.Globalization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Calls per run are deterministic for most code, so any change is reported. A baseline of several
/// runs shows whether a method's count varies between runs; then only a count outside the range
/// the baseline saw is a change.
/// </summary>
internal static class CallCountComparer
{
    internal static MetricComparison Compare((long Min, long Max, double Mean) baseline, (long Min, long Max, double Mean) current)
    {
        Verdict verdict;
        string reason;
        if (baseline.Min == baseline.Max && current.Min == current.Max)
        {
            verdict = current.Min == baseline.Min ? Verdict.Unchanged : current.Min > baseline.Min ? Verdict.Regressed : Verdict.Improved;
            reason = verdict == Verdict.Unchanged
                ? $"{F(baseline.Min)} calls per run in both"
                : $"calls per run changed from {F(baseline.Min)} to {F(current.Min)} (call counts are deterministic: any change is reported)";
        }
        else if (current.Min > baseline.Max || current.Max < baseline.Min)
        {
            verdict = current.Min > baseline.Max ? Verdict.Regressed : Verdict.Improved;
            reason = $"calls per run {Range(current)} are outside the baseline's {Range(baseline)}";
        }
        else
        {
            verdict = Verdict.Unchanged;
            reason = $"calls per run vary between runs: baseline {Range(baseline)}, current {Range(current)}";
        }

        return new MetricComparison
        {
            Metric = Metric.Calls,
            Verdict = verdict,
            Baseline = baseline.Mean,
            Current = current.Mean,
            Ratio = baseline.Mean > 0 ? current.Mean / baseline.Mean : null,
            Reason = reason,
        };
    }

    private static string Range((long Min, long Max, double Mean) calls) =>
        calls.Min == calls.Max ? F(calls.Min) : $"{F(calls.Min)}–{F(calls.Max)}";

    private static string F(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
