#if NET
namespace Edm.Profiling;

/// <summary>
/// The session's <see cref="GcActivity"/> from what the <c>gc</c> backend gathered: collections and
/// readings in <see cref="System.Diagnostics.Stopwatch"/> ticks become nanoseconds since the measured
/// window started, and only those inside it are kept.
/// </summary>
internal static class GcActivityBuilder
{
    /// <summary>The section's <c>source</c>: the runtime's events as an in-process <see cref="System.Diagnostics.Tracing.EventListener"/> receives them.</summary>
    internal const string Source = "eventlistener";

    internal static GcActivity Build(
        IReadOnlyList<GcEventCollector.Collection> collections,
        IReadOnlyList<HeapSeriesSampler.Reading> readings,
        long startTicks,
        long frequency,
        long durationNs,
        TimeSpan interval)
    {
        long Ns(long ticks) => (long)((ticks - startTicks) * (1_000_000_000.0 / frequency));
        bool Inside(long ns) => ns >= 0 && ns <= durationNs;

        var events = new List<GcEvent>();
        var points = new List<HeapPoint>();
        foreach (GcEventCollector.Collection c in collections)
        {
            long startNs = Ns(c.StartedAt);
            if (!Inside(startNs))
            {
                continue;
            }

            events.Add(new GcEvent
            {
                Number = c.Number,
                Generation = c.Generation,
                Reason = c.Reason,
                Type = c.Type,
                StartNs = startNs,
                PauseNs = (long)(c.PauseTicks * (1_000_000_000.0 / frequency)),
                HeapAfter = c.Heap,
                PromotedBytes = c.PromotedBytes,
                FragmentationBytes = c.FragmentationBytes,
            });
            if (c.Heap is { } heap && Ns(c.HeapStatsAt) is var atNs && Inside(atNs))
            {
                points.Add(new HeapPoint { AtNs = atNs, ManagedBytes = Total(heap), Generations = heap });
            }
        }

        // The backend reads the heap as it starts and as it stops, a few ms outside the measured window
        // (the probes start last and stop first): the last reading before it stands for its start, the
        // first after it for its end.
        int lastBefore = -1, firstAfter = -1;
        for (int i = 0; i < readings.Count; i++)
        {
            long atNs = Ns(readings[i].At);
            lastBefore = atNs < 0 ? i : lastBefore;
            firstAfter = atNs > durationNs && firstAfter < 0 ? i : firstAfter;
        }

        for (int i = 0; i < readings.Count; i++)
        {
            HeapSeriesSampler.Reading r = readings[i];
            long atNs = i == lastBefore ? 0 : i == firstAfter ? durationNs : Ns(r.At);
            if (Inside(atNs))
            {
                points.Add(new HeapPoint { AtNs = atNs, ManagedBytes = r.ManagedBytes, WorkingSetBytes = r.WorkingSetBytes >= 0 ? r.WorkingSetBytes : null });
            }
        }

        return new GcActivity
        {
            Source = Source,
            SeriesIntervalNs = (long)interval.TotalNanoseconds,
            Collections = events,
            HeapSeries = [.. points.OrderBy(p => p.AtNs)], // stable: a reading and a collection at one instant keep their order
        };
    }

    internal static long Total(HeapSizes heap) => heap.Gen0Bytes + heap.Gen1Bytes + heap.Gen2Bytes + heap.LohBytes + heap.PohBytes;
}
#endif
