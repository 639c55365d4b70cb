namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// The HTML page's memory chart and scope table: the heap per generation after each collection, the
/// managed heap and working set readings, the collections as pause marks, the probes' and scopes' spans
/// from the timeline on the same time axis, and the Detailed scopes' heap changes.
/// </summary>
/// <param name="DurationNs">The session's length: the chart's time axis.</param>
/// <param name="Generations">After each collection: <c>[atNs, gen0, gen1, gen2, loh, poh]</c>.</param>
/// <param name="Readings">Every point of the series: <c>[atNs, managedBytes, workingSetBytes or -1]</c>.</param>
/// <param name="Collections">The collections: <c>[startNs, pauseNs, generation]</c> with their reasons apart.</param>
/// <param name="Reasons">The reason of each collection, in the same order.</param>
/// <param name="Spans">Calls from the timeline (two outer levels): <c>[startNs, endNs, depth, name index]</c>.</param>
/// <param name="SpanNames">The names the spans refer to.</param>
/// <param name="Scopes">Detailed scopes' heap changes.</param>
internal sealed record HtmlMemory(
    long DurationNs,
    IReadOnlyList<long[]> Generations,
    IReadOnlyList<long[]> Readings,
    IReadOnlyList<long[]> Collections,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<long[]> Spans,
    IReadOnlyList<string> SpanNames,
    IReadOnlyList<HtmlHeapDelta> Scopes)
{
    /// <summary>Most points a chart line gets; longer series are thinned evenly (the collections' points are all kept).</summary>
    private const int MaxReadings = 4000;

    /// <summary>Most spans drawn: the longest are kept.</summary>
    private const int MaxSpans = 400;

    /// <summary>Timeline depths drawn: the outermost calls and their direct callees.</summary>
    private const int SpanDepths = 2;

    /// <summary>The memory part of the page, or null when the session has neither a <c>gc</c> section nor a scope with a heap delta.</summary>
    internal static HtmlMemory? Of(SessionReport s)
    {
        var callTree = new CallTreeIndex(s);
        List<HtmlHeapDelta> scopes = [.. s.Methods
            .Where(m => m.HeapDelta is { Calls: > 0 })
            .Select(m => new HtmlHeapDelta(
                callTree.NameOf(m.ProbeId), m.HeapDelta!.Calls, m.HeapDelta.ManagedHeapDeltaBytes,
                m.HeapDelta.MinManagedHeapDeltaBytes, m.HeapDelta.MaxManagedHeapDeltaBytes, m.HeapDelta.WorkingSetDeltaBytes))];
        if (s.Gc is not { } gc)
        {
            return scopes.Count == 0 ? null : new HtmlMemory(s.DurationNs, [], [], [], [], [], [], scopes);
        }

        List<long[]> generations = [.. gc.HeapSeries
            .Where(p => p.Generations is not null)
            .Select(p => new[] { p.AtNs, p.Generations!.Gen0Bytes, p.Generations.Gen1Bytes, p.Generations.Gen2Bytes, p.Generations.LohBytes, p.Generations.PohBytes })];
        int stride = Math.Max(1, (gc.HeapSeries.Count + MaxReadings - 1) / MaxReadings);
        List<long[]> readings = [.. gc.HeapSeries
            .Where((p, i) => p.Generations is not null || i % stride == 0 || i == gc.HeapSeries.Count - 1)
            .Select(p => new[] { p.AtNs, p.ManagedBytes, p.WorkingSetBytes ?? -1 })];
        (List<long[]> spans, List<string> names) = SpansOf(s, callTree);
        return new HtmlMemory(
            s.DurationNs,
            generations,
            readings,
            [.. gc.Collections.Select(c => new[] { c.StartNs, c.PauseNs, (long)c.Generation })],
            [.. gc.Collections.Select(c => c.Reason)],
            spans,
            names,
            scopes);
    }

    private static (List<long[]> Spans, List<string> Names) SpansOf(SessionReport s, CallTreeIndex callTree)
    {
        var names = new List<string>();
        var nameIndex = new Dictionary<int, int>();
        var spans = new List<long[]>();
        if (s.Timeline is not { } timeline)
        {
            return (spans, names);
        }

        foreach (TimelineThread thread in timeline.Threads)
        {
            foreach (TimelineEvent e in NestedTimeline.Events(thread, s.DurationNs))
            {
                if (e.IsOpen || e.Depth >= SpanDepths)
                {
                    continue;
                }

                if (!nameIndex.TryGetValue(e.ProbeId, out int index))
                {
                    nameIndex[e.ProbeId] = index = names.Count;
                    names.Add(callTree.NameOf(e.ProbeId));
                }

                spans.Add([e.OpenedAtNs, e.AtNs, e.Depth, index]);
            }
        }

        foreach (AsyncSpan span in timeline.AsyncSpans)
        {
            if (!nameIndex.TryGetValue(span.ProbeId, out int index))
            {
                nameIndex[span.ProbeId] = index = names.Count;
                names.Add(callTree.NameOf(span.ProbeId));
            }

            spans.Add([span.StartNs, span.EndNs, 0, index]);
        }

        return ([.. spans.OrderByDescending(x => x[1] - x[0]).Take(MaxSpans).OrderBy(x => x[0])], names);
    }
}

/// <summary>A Detailed scope's heap change: sum over the calls, one call's smallest and largest, and the working set's.</summary>
internal sealed record HtmlHeapDelta(string Name, long Calls, long ManagedBytes, long MinManagedBytes, long MaxManagedBytes, long WorkingSetBytes);
