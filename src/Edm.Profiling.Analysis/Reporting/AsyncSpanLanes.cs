namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// Spreads async spans, which overlap freely, over lanes in which they nest, for formats that draw
/// one stack per lane (speedscope's evented profiles).
/// </summary>
internal static class AsyncSpanLanes
{
    /// <summary>
    /// Lanes of spans; in each, a span either ends before the next starts or contains it. A span goes
    /// to the first lane it fits in, so an awaited call usually shares the lane of its awaiting caller.
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<AsyncSpan>> Assign(IReadOnlyList<AsyncSpan> spans)
    {
        var lanes = new List<(List<AsyncSpan> Spans, Stack<long> OpenEnds)>();
        IOrderedEnumerable<AsyncSpan> ordered = spans
            .Where(s => s.EndNs >= s.StartNs)
            .OrderBy(s => s.StartNs)
            .ThenByDescending(s => s.EndNs);
        foreach (AsyncSpan span in ordered)
        {
            bool placed = false;
            foreach ((List<AsyncSpan> laneSpans, Stack<long> openEnds) in lanes)
            {
                while (openEnds.Count > 0 && openEnds.Peek() <= span.StartNs)
                {
                    openEnds.Pop();
                }

                if (openEnds.Count == 0 || openEnds.Peek() >= span.EndNs)
                {
                    laneSpans.Add(span);
                    openEnds.Push(span.EndNs);
                    placed = true;
                    break;
                }
            }

            if (!placed)
            {
                var openEnds = new Stack<long>();
                openEnds.Push(span.EndNs);
                lanes.Add(([span], openEnds));
            }
        }

        return [.. lanes.Select(l => (IReadOnlyList<AsyncSpan>)l.Spans)];
    }
}
