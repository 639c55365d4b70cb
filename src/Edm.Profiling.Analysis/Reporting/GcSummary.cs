using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// What the text reports say about memory: the <c>gc</c> backend's collections and heap (<c>GC: 14
/// collections (gen0 9, gen1 4, gen2 1; 1 induced), pauses 12.3 ms in all, longest 4.1 ms …</c>), and the
/// heap change across Detailed scopes, largest first.
/// </summary>
internal static class GcSummary
{
    private const int MaxScopes = 8;

    /// <summary>The lines to print, none when the session has neither a <c>gc</c> section nor a scope with a heap delta.</summary>
    internal static IReadOnlyList<string> Lines(SessionReport session)
    {
        var lines = new List<string>();
        if (session.Gc is { } gc)
        {
            lines.Add(Headline(gc));
            if (Peaks(gc) is { } peaks)
            {
                lines.Add("  " + peaks);
            }

            if (gc.Collections.LastOrDefault(c => c.HeapAfter is not null) is { HeapAfter: { } last })
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  heap after the last collection: gen0 {Bytes(last.Gen0Bytes)}, gen1 {Bytes(last.Gen1Bytes)}, gen2 {Bytes(last.Gen2Bytes)}, LOH {Bytes(last.LohBytes)}, POH {Bytes(last.PohBytes)}"));
            }
        }

        var callTree = new CallTreeIndex(session);
        List<MethodStatistics> scopes = [.. session.Methods
            .Where(m => m.HeapDelta is { Calls: > 0 })
            .OrderByDescending(m => Math.Abs(m.HeapDelta!.ManagedHeapDeltaBytes))
            .ThenBy(m => callTree.NameOf(m.ProbeId), StringComparer.Ordinal)];
        if (scopes.Count > 0)
        {
            lines.Add("memory across Detailed scopes (managed heap change, sum over the calls; working set change)");
            foreach (MethodStatistics m in scopes.Take(MaxScopes))
            {
                HeapDeltaStatistics d = m.HeapDelta!;
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  {ReportTables.Printable(callTree.NameOf(m.ProbeId))}: heap {Signed(d.ManagedHeapDeltaBytes)} in {d.Calls:N0} call{(d.Calls == 1 ? "" : "s")}{(d.Calls > 1 ? $" ({Signed(d.MinManagedHeapDeltaBytes)} to {Signed(d.MaxManagedHeapDeltaBytes)} a call)" : "")}, working set {Signed(d.WorkingSetDeltaBytes)}"));
            }

            if (scopes.Count > MaxScopes)
            {
                lines.Add($"  … {scopes.Count - MaxScopes} more scopes");
            }
        }

        return lines;
    }

    /// <summary><c>GC: 14 collections (gen0 9, gen1 4, gen2 1; 1 induced), pauses 12.3 ms in all (0.4% of the session), longest 4.1 ms (gen2, Induced)</c>.</summary>
    internal static string Headline(GcActivity gc)
    {
        IReadOnlyList<GcEvent> all = gc.Collections;
        if (all.Count == 0)
        {
            return "GC: no collection during the session";
        }

        int induced = all.Count(c => c.Reason.StartsWith("Induced", StringComparison.Ordinal));
        int background = all.Count(c => c.Type == "Background");
        long paused = all.Sum(c => c.PauseNs);
        GcEvent longest = all.MaxBy(c => c.PauseNs)!;
        string kinds = string.Join(", ", new[] { induced > 0 ? $"{induced} induced" : null, background > 0 ? $"{background} background" : null }.OfType<string>());
        return string.Create(CultureInfo.InvariantCulture,
            $"GC: {all.Count:N0} collection{(all.Count == 1 ? "" : "s")} (gen0 {Count(all, 0)}, gen1 {Count(all, 1)}, gen2 {Count(all, 2)}{(kinds.Length > 0 ? "; " + kinds : "")}), pauses {SessionSummary.Duration(paused)} in all, longest {SessionSummary.Duration(longest.PauseNs)} (gen{longest.Generation}, {ReportTables.Printable(longest.Reason)})");
    }

    private static string? Peaks(GcActivity gc)
    {
        if (gc.HeapSeries.Count == 0)
        {
            return null;
        }

        HeapPoint peakHeap = gc.HeapSeries.MaxBy(p => p.ManagedBytes)!;
        string text = string.Create(CultureInfo.InvariantCulture, $"peak managed heap {Bytes(peakHeap.ManagedBytes)} at {SessionSummary.Duration(peakHeap.AtNs)}");
        if (gc.HeapSeries.Where(p => p.WorkingSetBytes is not null).MaxBy(p => p.WorkingSetBytes) is { WorkingSetBytes: { } workingSet } peakSet)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", peak working set {Bytes(workingSet)} at {SessionSummary.Duration(peakSet.AtNs)}");
        }

        return text;
    }

    private static int Count(IReadOnlyList<GcEvent> all, int generation) => all.Count(c => c.Generation == generation);

    private static string Bytes(long bytes) => SessionSummary.Bytes(bytes);

    private static string Signed(long bytes) => (bytes < 0 ? "-" : "+") + SessionSummary.Bytes(Math.Abs(bytes));
}
