using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// Everything one thread records: its probe stack, its per-probe and per-path figures, and its
/// timeline. Only the owning thread writes here; a stopping session reads the figures. This is what
/// keeps the hot path free of locks, shared-line atomics and, after warm-up, allocations.
/// </summary>
internal sealed partial class ThreadBuffer
{
    [ThreadStatic]
    private static ThreadBuffer? t_current;

    private Frame[] _stack = new Frame[32];
    private int _depth;
    private int _cpuCountdown;
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
        Timeline = SessionState.RecordTimeline ? new TimelineBuffer() : null;
        AsyncSpans = null;
        ThreadName = Thread.Name;
        _cpuCountdown = 1;
        Epoch = epoch;
    }

    // ---- entering -------------------------------------------------------------------------

    /// <summary>Pushes a frame for a synchronous call and returns its stack index.</summary>
    internal int EnterSync(int probeId, int epoch)
    {
        ResolveParent(out CallPath parentPath, out PendingCall? asyncParent);
        return Push(probeId, epoch, ChildOf(parentPath, probeId), pending: null, asyncParent);
    }

    /// <summary>
    /// Pushes the frame of an async call's synchronous part and creates the call object that its
    /// task's completion records; the call becomes the logical parent of the code it runs.
    /// </summary>
    internal int EnterAsync(int probeId, int epoch, out PendingCall call)
    {
        ResolveParent(out CallPath parentPath, out PendingCall? asyncParent);
        call = new PendingCall(probeId, epoch, ChildOf(parentPath, probeId), ProbeKind.AsyncMethod, LogicalParent(asyncParent));
        call.SavedContext = AsyncFlow.Swap(call);
        int index = Push(probeId, epoch, call.Path, call, asyncParent);
        call.StartTicks = _stack[index].StartTicks;
        return index;
    }

    /// <summary>
    /// Pushes the frame of one step of an enumeration (<c>MoveNext</c> or the synchronous part of
    /// <c>MoveNextAsync</c>). The enumeration's call object is created on its first step, where its
    /// place in the call tree is decided.
    /// </summary>
    internal int EnterStep(int probeId, int epoch, ProbeKind kind, ref PendingCall? call)
    {
        ResolveParent(out CallPath parentPath, out PendingCall? asyncParent);
        call ??= new PendingCall(probeId, epoch, ChildOf(parentPath, probeId), kind, kind == ProbeKind.AsyncIterator ? LogicalParent(asyncParent) : null);
        if (kind == ProbeKind.AsyncIterator)
        {
            call.SavedContext = AsyncFlow.Swap(call);
        }

        return Push(probeId, epoch, call.Path, call, asyncParent);
    }

    /// <summary>
    /// The async call to tell of a child async call's whole time when it completes: the async call
    /// whose synchronous part is on top of the stack, or the one found through the logical flow.
    /// A synchronous parent is charged only for the child's synchronous part instead.
    /// </summary>
    private PendingCall? LogicalParent(PendingCall? asyncParent)
    {
        PendingCall? parentPending = _depth > 0 ? _stack[_depth - 1].Pending : null;
        return parentPending is { Kind: ProbeKind.AsyncMethod or ProbeKind.AsyncIterator } ? parentPending : asyncParent;
    }

    private CallPath ChildOf(CallPath parent, int probeId)
    {
        if (parent.CachedChild(probeId) is { } cached)
        {
            return cached;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        CallPath child = parent.Child(probeId);
        _ownAllocations += GC.GetAllocatedBytesForCurrentThread() - before;
        return child;
    }

    private void ResolveParent(out CallPath parentPath, out PendingCall? asyncParent)
    {
        while (_depth > 0 && _stack[_depth - 1].Orphaned)
        {
            _stack[--_depth].Orphaned = false;
        }

        if (_depth > 0)
        {
            parentPath = CallPath.Get(_stack[_depth - 1].PathIndex);
            asyncParent = null;
        }
        else
        {
            asyncParent = AsyncFlow.Current;
            parentPath = asyncParent?.Path ?? CallPath.Root;
        }
    }

    private int Push(int probeId, int epoch, CallPath path, PendingCall? pending, PendingCall? asyncParent)
    {
        int index = _depth;
        if (index == _stack.Length)
        {
            Array.Resize(ref _stack, index * 2);
        }

        ref Frame frame = ref _stack[index];
        _depth = index + 1;
        frame.Begin(probeId, epoch, path);

        // Null stores need no GC write barrier; most calls have neither reference.
        if (pending is null)
        {
            frame.Pending = null;
        }
        else
        {
            frame.Pending = pending;
        }

        if (asyncParent is null)
        {
            frame.AsyncParent = null;
        }
        else
        {
            frame.AsyncParent = asyncParent;
        }

        if (ProbeRegistry.IsDetailed(probeId))
        {
            // Every collection counts in generation 0: while that count stands still, the gen-1 and
            // gen-2 counts this thread last read are still current, which saves two runtime calls.
            int gen0 = GC.CollectionCount(0);
            if (gen0 != _gen0Seen)
            {
                _gen0Seen = gen0;
                _gen1Seen = GC.CollectionCount(1);
                _gen2Seen = GC.CollectionCount(2);
            }

            frame.Gen0AtStart = gen0;
            frame.Gen1AtStart = _gen1Seen;
            frame.Gen2AtStart = _gen2Seen;
            if (--_cpuCountdown <= 0)
            {
                _cpuCountdown = SessionState.CpuSampleInterval;
                frame.CpuStartNs = ThreadCpuClock.NowNs();
            }

            frame.OwnAllocAtStart = _ownAllocations;
            frame.AllocStart = GC.GetAllocatedBytesForCurrentThread();
        }
        else
        {
            frame.AllocStart = -1;
        }

        // Last, so the probe's own work above is not charged to the call.
        long start = ProbeClock.Now();
        frame.StartTicks = start;
        frame.TimelineRecorded = Timeline is { } timeline && pending?.Kind != ProbeKind.AsyncMethod && timeline.TryEnter(probeId, start);
        return index;
    }

    /// <summary>Tags the frame just pushed for a scope, and returns what its end needs if it happens elsewhere.</summary>
    internal void MarkScope(int index, out long token, out long startTicks, out CallPath path, out int epoch)
    {
        ref Frame frame = ref _stack[index];
        frame.ScopeToken = token = ++_lastScopeToken;
        startTicks = frame.StartTicks;
        path = CallPath.Get(frame.PathIndex);
        epoch = frame.Epoch;
    }

    // ---- exiting --------------------------------------------------------------------------

    /// <summary>
    /// Ends a scope if its frame is still on this thread's stack; returns false when the scope ended
    /// on another thread or its frame is gone (its block awaited), leaving the caller to record it apart.
    /// </summary>
    internal bool ExitScope(int index, long token, long end)
    {
        if (!ReferenceEquals(t_current, this))
        {
            if (index < _stack.Length && _stack[index].ScopeToken == token)
            {
                _stack[index].Orphaned = true;
            }

            return false;
        }

        if (index >= _depth || _stack[index].ScopeToken != token)
        {
            return false;
        }

        if (!TryExitTimed(index, end, faulted: false))
        {
            Exit(index, end, faulted: false);
        }

        return true;
    }

    /// <summary>Records a scope that ended away from its frame: its time is known, its callees are not.</summary>
    internal static void RecordDetachedScope(int probeId, CallPath path, int epoch, long elapsed)
    {
        if (epoch != SessionState.ActiveEpoch)
        {
            return;
        }

        SessionState.Warn($"Scope '{ProbeRegistry.Get(probeId).Name}' ended on another thread than it began (its block awaits); its time is recorded but its self time and callees are not.");
        ThreadBuffer buffer = For(epoch);
        PathSlot pathSlot = buffer.PathSlotOf(path.Index, probeId);
        pathSlot.RecordTiming(elapsed, elapsed, !path.IsRecursive, faulted: false);
    }

    /// <summary>Pops a synchronous call or an enumeration step and records it.</summary>
    internal void Exit(int index, long end, bool faulted)
    {
        if (index >= _depth)
        {
            return; // already popped: never record a call twice
        }

        _depth = index;
        ref Frame frame = ref _stack[index];
        long elapsed = end - frame.StartTicks;
        long allocated = AllocatedSince(ref frame);
        PendingCall? pending = frame.Pending;
        if (frame.Epoch != SessionState.ActiveEpoch)
        {
            frame.Pending = frame.AsyncParent = null;
            return; // began before the active session: in flight when its own session stopped
        }

        // After the epoch check: a call from an earlier session must not close an event in this
        // session's timeline (which it never opened), nor touch a timeline this session lacks.
        if (frame.TimelineRecorded)
        {
            Timeline!.Exit(frame.ProbeId, end);
        }

        ChargeParent(index, ref frame, elapsed, allocated);
        if (pending is not null)
        {
            // An enumeration step: summed into the enumeration, recorded when it ends.
            Interlocked.Add(ref pending.StepTicks, elapsed);
            Interlocked.Add(ref pending.AllocatedBytes, allocated);
            pending.Faulted |= faulted;
            frame.Pending = frame.AsyncParent = null;
            return;
        }

        long self = Math.Max(0, elapsed - frame.ChildTicks);
        PathSlot pathSlot = PathSlotOf(frame.PathIndex, frame.ProbeId);
        ProbeSlot slot = pathSlot.Probe;
        pathSlot.RecordTiming(elapsed, self, frame.Outermost, faulted);
        if (slot.Reservoir is not null)
        {
            slot.RecordSample(elapsed, ref _random);
        }

        if (frame.AllocStart >= 0)
        {
            long selfAllocated = Math.Max(0, allocated - frame.ChildAlloc);
            RecordDetailed(slot, ref frame, elapsed, allocated, selfAllocated);
            pathSlot.AllocatedBytes += allocated;
            pathSlot.SelfAllocatedBytes += selfAllocated;
        }

        frame.AsyncParent = null;
    }

    /// <summary>Pops the synchronous part of an async call; its task's completion records the call.</summary>
    internal void ExitAsyncPart(int index, long end, PendingCall call)
    {
        if (index >= _depth)
        {
            return;
        }

        _depth = index;
        ref Frame frame = ref _stack[index];
        long allocated = AllocatedSince(ref frame);
        AsyncFlow.Restore(call.SavedContext);
        if (frame.Epoch == SessionState.ActiveEpoch)
        {
            Interlocked.Add(ref call.AllocatedBytes, allocated);
            if (call.AsyncParent is null)
            {
                // A synchronous caller waits for the task, or not, on its own time: only the
                // synchronous part runs inside it.
                ChargeParent(index, ref frame, end - frame.StartTicks, allocated);
            }
        }

        frame.Pending = frame.AsyncParent = null;
    }

    /// <summary>Pops the synchronous part of an async enumeration step.</summary>
    internal void ExitAsyncStepPart(int index, PendingCall call)
    {
        if (index >= _depth)
        {
            return;
        }

        _depth = index;
        ref Frame frame = ref _stack[index];
        AsyncFlow.Restore(call.SavedContext);
        frame.Pending = frame.AsyncParent = null;
    }

    private long AllocatedSince(ref Frame frame) =>
        frame.AllocStart < 0 ? 0 : GC.GetAllocatedBytesForCurrentThread() - frame.AllocStart - (_ownAllocations - frame.OwnAllocAtStart);

    private void ChargeParent(int index, ref Frame frame, long elapsed, long allocated)
    {
        if (index > 0)
        {
            ref Frame parent = ref _stack[index - 1];
            if (parent.Pending is { } parentCall)
            {
                Interlocked.Add(ref parentCall.ChildTicks, elapsed);
                Interlocked.Add(ref parentCall.ChildAlloc, allocated);
            }
            else
            {
                parent.ChildTicks += elapsed;
                parent.ChildAlloc += allocated;
            }
        }
        else if (frame.AsyncParent is { } asyncParent)
        {
            Interlocked.Add(ref asyncParent.ChildTicks, elapsed);
            Interlocked.Add(ref asyncParent.ChildAlloc, allocated);
        }
    }

    private void RecordDetailed(ProbeSlot slot, ref Frame frame, long elapsed, long allocated, long selfAllocated)
    {
        slot.DetailedCalls++;
        slot.AllocatedBytes += allocated;
        slot.SelfAllocatedBytes += selfAllocated;
        // Every collection counts in generation 0, so an unchanged gen-0 count means none happened.
        int gen0 = GC.CollectionCount(0);
        if (gen0 != frame.Gen0AtStart)
        {
            slot.Gen0Collections += gen0 - frame.Gen0AtStart;
            slot.Gen1Collections += GC.CollectionCount(1) - frame.Gen1AtStart;
            slot.Gen2Collections += GC.CollectionCount(2) - frame.Gen2AtStart;
        }
        if (frame.CpuStartNs >= 0)
        {
            long cpuEnd = ThreadCpuClock.NowNs();
            if (cpuEnd >= frame.CpuStartNs)
            {
                slot.CpuSampledCalls++;
                slot.CpuSampledWallTicks += elapsed;
                slot.CpuSampledCpuNs += cpuEnd - frame.CpuStartNs;
            }
        }
    }

    /// <summary>Records a call whose end came later than its return: an async call or an enumeration.</summary>
    internal void RecordPending(PendingCall call, long elapsed, bool faulted)
    {
        long self = Math.Max(0, elapsed - Volatile.Read(ref call.ChildTicks));
        PathSlot pathSlot = PathSlotOf(call.Path.Index, call.ProbeId);
        ProbeSlot slot = pathSlot.Probe;
        pathSlot.RecordTiming(elapsed, self, !call.Path.IsRecursive, faulted);
        if (slot.Reservoir is not null)
        {
            slot.RecordSample(elapsed, ref _random);
        }

        if (call.Detailed)
        {
            long allocated = Volatile.Read(ref call.AllocatedBytes);
            long selfAllocated = Math.Max(0, allocated - Volatile.Read(ref call.ChildAlloc));
            slot.DetailedCalls++;
            slot.AllocatedBytes += allocated;
            slot.SelfAllocatedBytes += selfAllocated;
            // Async code hops threads: only the bytes of the parts that ran under a probe frame count.
            slot.AllocationsApproximate |= call.Kind is ProbeKind.AsyncMethod or ProbeKind.AsyncIterator;
            pathSlot.AllocatedBytes += allocated;
            pathSlot.SelfAllocatedBytes += selfAllocated;
        }

        if (Timeline is not null && call.Kind == ProbeKind.AsyncMethod)
        {
            (AsyncSpans ??= []).Add((call.StartTicks, call.StartTicks + elapsed, call.ProbeId));
        }
    }

    /// <summary>Adds thread I/O counted over a scope to its probe.</summary>
    internal void RecordIo(int probeId, in IoSnapshot start, in IoSnapshot end)
    {
        ProbeSlot slot = SlotOf(probeId);
        slot.IoSamples++;
        slot.IoReadBytes += end.ReadBytes - start.ReadBytes;
        slot.IoWriteBytes += end.WriteBytes - start.WriteBytes;
        slot.IoReadCalls += end.ReadCalls - start.ReadCalls;
        slot.IoWriteCalls += end.WriteCalls - start.WriteCalls;
    }

    private ProbeSlot SlotOf(int probeId)
    {
        ProbeSlot?[] slots = Probes;
        if ((uint)probeId < (uint)slots.Length && slots[probeId] is { } existing)
        {
            return existing;
        }

        return CreateSlot(probeId);
    }

    private ProbeSlot CreateSlot(int probeId)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        ProbeSlot slot = AddSlot(probeId);
        _ownAllocations += GC.GetAllocatedBytesForCurrentThread() - before;
        return slot;
    }

    private ProbeSlot AddSlot(int probeId)
    {
        ProbeSlot?[] slots = Probes;
        if (probeId >= slots.Length)
        {
            var grown = new ProbeSlot?[Math.Max(probeId + 1, slots.Length * 2)];
            slots.CopyTo(grown, 0);
            Probes = slots = grown;
        }

        var slot = new ProbeSlot();
        if (SessionState.ReservoirSize > 0)
        {
            slot.Reservoir = new long[SessionState.ReservoirSize];
        }

        slots[probeId] = slot;
        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PathSlot PathSlotOf(int pathIndex, int probeId)
    {
        PathSlot?[] slots = Paths;
        return (uint)pathIndex < (uint)slots.Length && slots[pathIndex] is { } existing ? existing : CreatePathSlot(pathIndex, probeId);
    }

    private PathSlot CreatePathSlot(int pathIndex, int probeId)
    {
        ProbeSlot probe = SlotOf(probeId); // counts its own allocations
        long before = GC.GetAllocatedBytesForCurrentThread();
        PathSlot?[] slots = Paths;
        if (pathIndex >= slots.Length)
        {
            var grown = new PathSlot?[Math.Max(pathIndex + 1, slots.Length * 2)];
            slots.CopyTo(grown, 0);
            Paths = slots = grown;
        }

        var created = slots[pathIndex] = new PathSlot(probe);
        _ownAllocations += GC.GetAllocatedBytesForCurrentThread() - before;
        return created;
    }
}
