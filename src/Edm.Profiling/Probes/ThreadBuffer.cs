using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// Everything one thread records: its probe stack, its per-probe and per-path figures, and its
/// timeline. The owning thread writes the figures; another thread writes here in two places only,
/// both atomic: a scope ending away from its thread marks its frame ended (<see cref="ExitScope"/>),
/// and an async call completing elsewhere adds to the <see cref="PendingCall"/> a frame points to.
/// A stopping session reads the figures. This is what keeps the hot path free of locks, shared-line
/// atomics and, after warm-up, allocations. The parts: entering (ThreadBuffer.Enter.cs), exiting
/// (ThreadBuffer.Exit.cs), async calls and enumerations (ThreadBuffer.Async.cs), scopes
/// (ThreadBuffer.Scopes.cs), the Detailed layer's counters (ThreadBuffer.Detailed.cs), slots
/// (ThreadBuffer.Slots.cs) and the inlined fast path (ThreadBuffer.Timed.cs).
/// </summary>
internal sealed partial class ThreadBuffer
{
    [ThreadStatic]
    private static ThreadBuffer? t_current;

    private Frame[] _stack = new Frame[32];
    private int _depth;
    private ulong _random;
    private long _lastScopeToken;
    private int _gen0Seen = -1;
    private int _gen1Seen;
    private int _gen2Seen;

    // Bytes the profiler itself allocated on this thread (slots, call-tree nodes), so that a
    // Detailed call's figure is the user's code alone even on a session's first calls.
    private long _ownAllocations;

    private ThreadBuffer()
    {
        Thread = Thread.CurrentThread;
        ManagedThreadId = Environment.CurrentManagedThreadId;
        _random = (ulong)ManagedThreadId * 0x9E3779B97F4A7C15UL | 1;
    }

    /// <summary>
    /// A detached buffer holding figures computed from <paramref name="source"/>'s (an interval's share,
    /// <see cref="IntervalCut"/>): never current on any thread, read by a report builder only.
    /// </summary>
    internal ThreadBuffer(ThreadBuffer source, ProbeSlot?[] probes, PathSlot?[] paths)
    {
        Thread = source.Thread;
        ManagedThreadId = source.ManagedThreadId;
        ThreadName = source.ThreadName;
        Epoch = source.Epoch;
        Probes = probes;
        Paths = paths;
    }

    /// <summary>The session epoch the figures belong to.</summary>
    internal int Epoch { get; private set; }

    internal Thread Thread { get; }

    internal int ManagedThreadId { get; }

    internal string? ThreadName { get; private set; }

    internal ProbeSlot?[] Probes { get; private set; } = [];

    internal PathSlot?[] Paths { get; private set; } = [];

    internal TimelineBuffer? Timeline { get; private set; }

    /// <summary>Async calls completed on this thread, kept for the timeline: (start, end, probe id).</summary>
    internal List<(long Start, long End, int ProbeId)>? AsyncSpans { get; private set; }

    /// <summary>The current thread's buffer, reset for <paramref name="epoch"/> if it last served another session.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ThreadBuffer For(int epoch)
    {
        ThreadBuffer? buffer = t_current;
        return buffer is not null && buffer.Epoch == epoch ? buffer : Attach(epoch);
    }

    private static ThreadBuffer Attach(int epoch)
    {
        ThreadBuffer? buffer = t_current;
        if (buffer is null)
        {
            buffer = new ThreadBuffer();
            SessionState.Register(buffer);
            t_current = buffer;
        }

        buffer.Reset(epoch);
        return buffer;
    }

    private void Reset(int epoch)
    {
        // Fresh arrays rather than clearing: the previous session has already been merged, and a
        // session's first call on a thread is the one place the hot path may allocate.
        Probes = new ProbeSlot?[Math.Max(16, ProbeRegistry.Count)];
        Paths = new PathSlot?[Math.Max(16, CallPath.Count)];
        _untimed = [];
        Timeline = SessionState.RecordTimeline ? new TimelineBuffer() : null;
        AsyncSpans = null;
        ThreadName = Thread.Name;
        Epoch = epoch;
    }
}
