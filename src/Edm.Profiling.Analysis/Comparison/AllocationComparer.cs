using System.Globalization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Allocated bytes per call are deterministic for most code: a hard gate. A change counts when it is
/// above both the relative threshold and the absolute floor. Figures marked approximate (async work
/// that hopped threads) are not a gate: their verdict is Unknown.
/// </summary>
internal static class AllocationComparer
{
    internal static MetricComparison? Compare(MethodStatistics baseline, MethodStatistics current, ComparisonOptions options)
    {
        AllocationStatistics? b = baseline.Allocations, c = current.Allocations;
        if (b is null && c is null)
        {
            return null;
        }

        double? perCallBaseline = b is { Calls: > 0 } ? (double)b.AllocatedBytes / b.Calls : null;
        double? perCallCurrent = c is { Calls: > 0 } ? (double)c.AllocatedBytes / c.Calls : null;
        var result = new MetricComparison
        {
            Metric = Metric.AllocatedBytesPerCall,
            Baseline = perCallBaseline,
            Current = perCallCurrent,
            Ratio = perCallBaseline > 0 && perCallCurrent is not null ? perCallCurrent / perCallBaseline : null,
        };
        if (perCallBaseline is not { } before || perCallCurrent is not { } after)
        {
            return result with
            {
                Verdict = Verdict.Unknown,
                Reason = $"allocations were measured only in the {(perCallBaseline is null ? "current run" : "baseline")} (did the probe's layer change?)",
            };
        }

        if (b!.Approximate || c!.Approximate)
        {
            return result with { Verdict = Verdict.Unknown, Reason = "allocation figures are approximate (async work ran on threads the probe could not follow)" };
        }

        double allowed = Math.Max(options.AllocationThreshold * before, options.AllocationFloorBytes);
        double change = after - before;
        Verdict verdict = change > allowed ? Verdict.Regressed : -change > allowed ? Verdict.Improved : Verdict.Unchanged;
        string limit = string.Create(CultureInfo.InvariantCulture, $"{WallTimeComparer.Percent(options.AllocationThreshold)} or {options.AllocationFloorBytes:0.#} B");
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{before:0.#} → {after:0.#} B per call; a change counts above {limit}");
        return result with { Verdict = verdict, Reason = reason };
    }
}
