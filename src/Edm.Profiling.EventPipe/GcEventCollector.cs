using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Turns the runtime's GC events, as they are parsed, into one record per collection: <c>GC/Start</c>
/// opens it; the suspension around it (<c>SuspendEE</c> begin to <c>RestartEE</c> end) is its pause;
/// <c>GC/HeapStats</c> after it gives the heap per generation and the promoted bytes;
/// <c>GC/PerHeapHistory</c> the free space left inside the generations (fragmentation).
/// </summary>
/// <remarks>
/// Called on the one thread that parses the stream; read once that thread is done. Times are the
/// events' own timestamps (<see cref="TraceEvent.TimeStampQPC"/>, the clock <see cref="System.Diagnostics.Stopwatch"/> reads).
/// A background collection pauses the program twice (when it starts and near its end) while the
/// program runs in between: both suspensions are its pause, and a foreground collection inside it
/// gets its own.
/// </remarks>
internal sealed class GcEventCollector
{
    private readonly List<Collection> _collections = [];
    private long _suspendedAt = -1;
    private Collection? _startedWhileSuspended;

    /// <summary>The collections seen, in the order they started.</summary>
    internal IReadOnlyList<Collection> Collections => _collections;

    /// <summary>Subscribes to the GC events <paramref name="clr"/> parses.</summary>
    internal void Attach(ClrTraceEventParser clr)
    {
        clr.GCSuspendEEStart += e => _suspendedAt = Ticks(e);
        clr.GCStart += OnStart;
        clr.GCRestartEEStop += OnRestarted;
        clr.GCStop += OnEnd;
        clr.GCHeapStats += OnHeapStats;
        clr.GCPerHeapHistory += OnPerHeapHistory;
    }

    private void OnStart(GCStartTraceData e)
    {
        var collection = new Collection(e.Count, e.Depth, ReasonName(e.Reason), TypeName(e.Type), Ticks(e));
        _collections.Add(collection);
        if (_suspendedAt >= 0)
        {
            _startedWhileSuspended = collection;
        }
    }

    private void OnRestarted(GCNoUserDataTraceData e)
    {
        if (_suspendedAt < 0)
        {
            return;
        }

        // A suspension with no collection starting in it is a background collection's final one.
        Collection? owner = _startedWhileSuspended ?? _collections.FindLast(c => c.Type == "Background" && !c.HasHeapStats);
        owner?.AddPause(Ticks(e) - _suspendedAt);
        _suspendedAt = -1;
        _startedWhileSuspended = null;
    }

    private void OnEnd(GCEndTraceData e)
    {
        if (_collections.FindLast(c => c.Number == e.Count) is { } collection)
        {
            collection.Ended = true;
        }
    }

    /// <summary>The heap statistics follow the end of the collection they describe: the latest ended one without them.</summary>
    private void OnHeapStats(GCHeapStatsTraceData e)
    {
        if (_collections.FindLast(c => c.Ended && !c.HasHeapStats) is not { } collection)
        {
            return;
        }

        collection.HasHeapStats = true;
        collection.HeapStatsAt = Ticks(e);
        collection.Heap = new HeapSizes
        {
            Gen0Bytes = e.GenerationSize0,
            Gen1Bytes = e.GenerationSize1,
            Gen2Bytes = e.GenerationSize2,
            LohBytes = e.GenerationSize3,
            PohBytes = e.GenerationSize4,
        };
        collection.PromotedBytes = e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4;
    }

    /// <summary>One event per heap, before the collection ends: free-list and free-object space after it, summed over generations and heaps.</summary>
    private void OnPerHeapHistory(GCPerHeapHistoryTraceData e)
    {
        if (_collections.FindLast(c => !c.Ended) is not { } collection)
        {
            return;
        }

        long free = 0;
        foreach (Gens gen in (ReadOnlySpan<Gens>)[Gens.Gen0, Gens.Gen1, Gens.Gen2, Gens.GenLargeObj, Gens.GenPinObj])
        {
            try
            {
                GCPerHeapHistoryGenData data = e.GenData(gen);
                free += data.FreeListSpaceAfter + data.FreeObjSpaceAfter;
            }
            catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidOperationException)
            {
                // Older event versions carry fewer generations (no pinned object heap).
            }
        }

        collection.FragmentationBytes = (collection.FragmentationBytes ?? 0) + free;
    }

    /// <summary>
    /// The event's timestamp in the runtime's high-resolution clock, the one <see cref="System.Diagnostics.Stopwatch"/>
    /// reads (QueryPerformanceCounter on Windows, CLOCK_MONOTONIC in ns elsewhere), so the session's
    /// probe times and these events share one time axis.
    /// </summary>
#pragma warning disable CS0618 // TraceEvent marks TimeStampQPC "not obsolete but discouraged": the relative times it prefers have no common zero with Stopwatch.
    private static long Ticks(TraceEvent e) => e.TimeStampQPC;
#pragma warning restore CS0618

    /// <summary>The runtime's name for a reason (<c>Induced</c>, <c>AllocSmall</c>, ...), or its number when TraceEvent does not know it.</summary>
    private static string ReasonName(GCReason reason) =>
        Enum.IsDefined(reason) ? reason.ToString() : ((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string TypeName(GCType type) => type switch
    {
        GCType.NonConcurrentGC => "NonConcurrent",
        GCType.BackgroundGC => "Background",
        GCType.ForegroundGC => "Foreground",
        _ => ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>One collection as the events describe it, in event timestamps.</summary>
    internal sealed class Collection(long number, int generation, string reason, string type, long startedAt)
    {
        internal long Number { get; } = number;

        internal int Generation { get; } = generation;

        internal string Reason { get; } = reason;

        internal string Type { get; } = type;

        internal long StartedAt { get; } = startedAt;

        internal long PauseTicks { get; private set; }

        internal bool Ended { get; set; }

        internal bool HasHeapStats { get; set; }

        /// <summary>When the heap statistics were taken (the heap series' point for this collection).</summary>
        internal long HeapStatsAt { get; set; }

        internal HeapSizes? Heap { get; set; }

        internal long? PromotedBytes { get; set; }

        internal long? FragmentationBytes { get; set; }

        internal void AddPause(long ticks) => PauseTicks += Math.Max(0, ticks);
    }
}
