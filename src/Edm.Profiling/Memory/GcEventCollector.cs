#if NET
namespace Edm.Profiling;

/// <summary>
/// Turns the runtime's GC events, as they arrive, into one record per collection: <c>GCStart</c>
/// opens it; the suspension around it (<c>GCSuspendEEBegin</c> to <c>GCRestartEEEnd</c>) is its
/// pause; <c>GCHeapStats</c> after it gives the heap per generation and the promoted bytes, and the
/// fragmentation the runtime kept for it, when the listener could still read it.
/// </summary>
/// <remarks>
/// <para>Times are <see cref="System.Diagnostics.Stopwatch"/> ticks (<see cref="EventClock"/> maps the
/// events' timestamps). A background collection pauses the program twice (when it starts and near
/// its end) while the program runs in between: both suspensions are its pause, and a foreground
/// collection inside it gets its own.</para>
/// <para>The runtime calls in on its event-dispatch thread; the backend waits for the last
/// collection's events (<see cref="WaitForCompletion"/>), closes the collector and reads it from
/// another. Every member takes one lock, uncontended but for those moments.</para>
/// </remarks>
internal sealed class GcEventCollector
{
    private readonly object _gate = new();
    private readonly List<Collection> _collections = [];
    private long _suspendedAt = -1;
    private Collection? _startedWhileSuspended;
    private long _lastEnded = -1;
    private long _completedThrough = -1;
    private bool _closed;

    /// <summary>A copy of the collections seen, in the order they started.</summary>
    internal IReadOnlyList<Collection> Collections
    {
        get
        {
            lock (_gate)
            {
                return [.. _collections];
            }
        }
    }

    /// <summary>The runtime began suspending the program's threads (for a collection, usually).</summary>
    internal void OnSuspending(long at)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _suspendedAt = at;
            }
        }
    }

    internal void OnStart(long number, int generation, string reason, string type, long at)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            var collection = new Collection(number, generation, reason, type, at);
            _collections.Add(collection);
            if (_suspendedAt >= 0)
            {
                _startedWhileSuspended = collection;
            }
        }
    }

    /// <summary>The program's threads run again: the suspension since <see cref="OnSuspending"/> is a pause.</summary>
    internal void OnRestarted(long at)
    {
        lock (_gate)
        {
            if (_closed || _suspendedAt < 0)
            {
                return;
            }

            // A suspension with no collection starting in it is a background collection's final one.
            Collection? owner = _startedWhileSuspended ?? _collections.FindLast(c => c.Type == "Background" && !c.HasHeapStats);
            owner?.AddPause(at - _suspendedAt);
            _suspendedAt = -1;
            _startedWhileSuspended = null;
            Monitor.PulseAll(_gate);
        }
    }

    internal void OnEnd(long number)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _lastEnded = number;
            if (_collections.FindLast(c => c.Number == number) is { } collection)
            {
                collection.Ended = true;
            }
        }
    }

    /// <summary>The heap statistics follow the end of the collection they describe: the latest ended one without them.</summary>
    internal void OnHeapStats(long at, HeapSizes heap, long promotedBytes, Func<long, long?> fragmentation)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            // Counted even for a collection that started before the listener did (its start unseen).
            _completedThrough = Math.Max(_completedThrough, _lastEnded);
            Monitor.PulseAll(_gate);
            if (_collections.FindLast(c => c.Ended && !c.HasHeapStats) is not { } collection)
            {
                return;
            }

            collection.HasHeapStats = true;
            collection.HeapStatsAt = at;
            collection.Heap = heap;
            collection.PromotedBytes = promotedBytes;
            collection.FragmentationBytes = fragmentation(collection.Number);
        }
    }

    /// <summary>
    /// Waits until the events of collection <paramref name="number"/> (or a later one) have arrived
    /// up to its heap statistics, with no suspension left open; false when <paramref name="timeout"/>
    /// passed first. The runtime hands events over in batches, every ~10 ms.
    /// </summary>
    internal bool WaitForCompletion(long number, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_completedThrough < number || _suspendedAt >= 0)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || _closed)
                {
                    return false;
                }

                Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
            }

            return true;
        }
    }

    /// <summary>
    /// Runs a made-up foreground and background collection through a throwaway collector, so that the code a
    /// collection's events call is compiled at the session's start: compiled when some kind of collection first
    /// happens, it would put off the program's tiering (benchmarks/README.md, "Tiering delay, ninth wave-2 session").
    /// </summary>
    internal static void WarmUp()
    {
        var collector = new GcEventCollector();
        var heap = new HeapSizes { Gen0Bytes = 1, Gen1Bytes = 2, Gen2Bytes = 3, LohBytes = 4, PohBytes = 5 };
        collector.OnSuspending(10);
        collector.OnStart(1, 0, "AllocSmall", "NonConcurrent", 11);
        collector.OnRestarted(12);
        collector.OnEnd(1);
        collector.OnHeapStats(13, heap, 100, static _ => null);
        collector.OnSuspending(20);
        collector.OnStart(2, 2, "AllocLarge", "Background", 21);
        collector.OnRestarted(22);
        collector.OnSuspending(30); // the background collection's final suspension: no collection starts in it
        collector.OnRestarted(31);
        collector.OnEnd(2);
        collector.OnHeapStats(32, heap, 200, static _ => 0);
        collector.WaitForCompletion(2, TimeSpan.Zero);
        collector.Close();
        _ = collector.Collections.Sum(c => c.PauseTicks + (c.Heap?.Gen0Bytes ?? 0) + (c.PromotedBytes ?? 0) + (c.FragmentationBytes ?? 0));
    }

    /// <summary>Ignores whatever arrives from now on: the backend has stopped.</summary>
    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>One collection as the events describe it, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
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
#endif
