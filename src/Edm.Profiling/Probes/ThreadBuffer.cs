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
        OverlappingChildren? overlapParent = (OverlappingChildren?)LogicalParent(asyncParent) ?? SyncCallerOverlaps();
        call = new PendingCall(probeId, epoch, ChildOf(parentPath, probeId), ProbeKind.AsyncMethod, asyncParent: null);
        call.SavedContext = AsyncFlow.Swap(call);
        int index = Push(probeId, epoch, call.Path, call, asyncParent);
        call.StartTicks = _stack[index].StartTicks;
        if (overlapParent is not null)
        {
            call.OverlapParent = overlapParent;
            overlapParent.Started(call.StartTicks);
        }

        return index;
    }

    /// <summary>
    /// The overlapping children of the synchronous call on top of the stack, created on its first async
    /// child; null when the top is an iterator step or the stack is empty.
    /// </summary>
    private OverlappingChildren? SyncCallerOverlaps()
    {
        if (_depth == 0)
        {
            return null;
        }

        ref Frame caller = ref _stack[_depth - 1];
        if (caller.Pending is not null)
        {
            return null;
        }

        if ((caller.ExitWork & FrameExitWork.Overlaps) == 0)
        {
            caller.Overlaps = new OverlappingChildren();
            caller.ExitWork |= FrameExitWork.Overlaps;
        }

        return caller.Overlaps;
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
        while (_depth > 0 && _stack[_depth - 1].IsEndedScope)
        {
            PopEndedScope();
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
        frame.ExitWork = Timeline is { } timeline && pending?.Kind != ProbeKind.AsyncMethod && timeline.TryEnter(probeId, start)
            ? FrameExitWork.Timeline
            : FrameExitWork.None;
        return index;
    }

    /// <summary>Tags the frame just pushed for a scope, and returns what its end needs if it happens elsewhere.</summary>
    internal void MarkScope(int index, out long token, out long startTicks, out CallPath path, out int epoch, out PendingCall? parentCall)
    {
        ref Frame frame = ref _stack[index];
        frame.ScopeToken = token = ++_lastScopeToken;
        startTicks = frame.StartTicks;
        path = CallPath.Get(frame.PathIndex);
        epoch = frame.Epoch;
        parentCall = ParentCallOf(index);
    }

    /// <summary>
    /// The async call a scope at <paramref name="index"/> belongs to (the async call or async step
    /// below it, or the logical flow's call when it is the bottom frame); null under a synchronous frame.
    /// A scope with a parent call that ends away from its frame tells that call itself; one under a
    /// synchronous frame is charged by the thread that owns the frame.
    /// </summary>
    private PendingCall? ParentCallOf(int index) =>
        index > 0
            ? _stack[index - 1].Pending is { Kind: ProbeKind.AsyncMethod or ProbeKind.AsyncIterator } call ? call : null
            : _stack[index].AsyncParent;

    // ---- exiting --------------------------------------------------------------------------

    /// <summary>
    /// Ends a scope. On its own thread with its frame still on the stack, it is recorded like any call
    /// (<see cref="ScopeEnd.OnStack"/>). From another thread, the frame is marked ended, with its end, in
    /// one compare-and-swap, for the owner to pop (<see cref="ScopeEnd.MarkedEnded"/>; <paramref name="childTicks"/>
    /// is what its callees on the owner's thread took so far). When the owner has let the frame go
    /// (its block awaited and its caller returned), <see cref="ScopeEnd.LetGo"/>.
    /// </summary>
    internal ScopeEnd ExitScope(int index, long token, long end, out long childTicks)
    {
        childTicks = 0;
        Frame[] stack = _stack;
        if (!ReferenceEquals(t_current, this))
        {
            if (index < stack.Length)
            {
                ref Frame frame = ref stack[index];
                long children = Volatile.Read(ref frame.ChildTicks);
                if (Interlocked.CompareExchange(ref frame.ScopeToken, -(end + 1), token) == token)
                {
                    childTicks = children;
                    return ScopeEnd.MarkedEnded;
                }
            }

            return ScopeEnd.LetGo;
        }

        if (index >= _depth || stack[index].ScopeToken != token)
        {
            return ScopeEnd.LetGo;
        }

        if (!TryExitTimed(index, end, faulted: false))
        {
            Exit(index, end, faulted: false);
        }

        return ScopeEnd.OnStack;
    }

    /// <summary>
    /// Records a scope that ended away from its frame: its time, and as self time its time minus the
    /// callees known to it (those that ran under its frame on the thread it began on).
    /// </summary>
    internal static void RecordDetachedScope(int probeId, CallPath path, int epoch, long elapsed, long childTicks)
    {
        if (epoch != SessionState.ActiveEpoch)
        {
            return;
        }

        SessionState.Warn($"Scope '{ProbeRegistry.Get(probeId).Name}' ended on another thread than it began (its block awaits); its time is recorded, but callees after its await are not under it and may be counted in its self time too.");
        ThreadBuffer buffer = For(epoch);
        PathSlot pathSlot = buffer.PathSlotOf(path.Index, probeId);
        pathSlot.RecordTiming(elapsed, Math.Clamp(elapsed - childTicks, 0, elapsed), !path.IsRecursive, faulted: false);
    }

    /// <summary>Pops the scope frame on top, which ended on another thread, and charges its synchronous parent with its time.</summary>
    private void PopEndedScope()
    {
        int index = _depth - 1;
        ref Frame frame = ref _stack[index];
        long end = -Volatile.Read(ref frame.ScopeToken) - 1;
        frame.ScopeToken = 0;
        _depth = index;
        if (frame.Epoch == SessionState.ActiveEpoch && ParentCallOf(index) is null)
        {
            ChargeParent(index, ref frame, Math.Max(0, end - frame.StartTicks), 0);
        }

        frame.Pending = frame.AsyncParent = null;
    }

    /// <summary>
    /// Lets go of the frames above <paramref name="index"/> when it is popped: scope frames whose block
    /// awaited and never ended here. Returns the time the direct child among them overlapped the frame
    /// (to <paramref name="end"/> if it still runs, to its end if it ended on another thread), for a
    /// synchronous frame's self time; a child of an async call (<paramref name="parentCall"/>) instead
    /// goes on as one of that call's overlapping children.
    /// </summary>
    private long LetGoAbove(int index, long end, PendingCall? parentCall)
    {
        long overlap = 0;
        for (int i = _depth - 1; i > index; i--)
        {
            ref Frame frame = ref _stack[i];
            long token = Volatile.Read(ref frame.ScopeToken);
            bool direct = i == index + 1 && frame.Epoch == SessionState.ActiveEpoch;
            if (token > 0)
            {
                // Registered before the frame is let go, so the scope's end always finds it registered.
                if (direct)
                {
                    parentCall?.Started(frame.StartTicks);
                }

                token = Interlocked.CompareExchange(ref frame.ScopeToken, 0, token);
                if (token > 0)
                {
                    overlap += direct && parentCall is null ? Math.Max(0, end - frame.StartTicks) : 0;
                    token = 0;
                }
                else if (direct)
                {
                    parentCall?.Ended(frame.StartTicks, frame.StartTicks); // ended meanwhile and told its call itself: undo
                }
            }

            if (token < 0)
            {
                frame.ScopeToken = 0;
                overlap += direct && parentCall is null ? Math.Max(0, -token - 1 - frame.StartTicks) : 0;
            }

            frame.Pending = frame.AsyncParent = null;
        }

        return overlap;
    }

    /// <summary>Pops a synchronous call or an enumeration step and records it.</summary>
    internal void Exit(int index, long end, bool faulted)
    {
        if (index >= _depth)
        {
            return; // already popped: never record a call twice
        }

        long overlapped = _depth > index + 1 ? LetGoAbove(index, end, parentCall: null) : 0;
        _depth = index;
        ref Frame frame = ref _stack[index];
        long elapsed = end - frame.StartTicks;
        long allocated = AllocatedSince(ref frame);
        PendingCall? pending = frame.Pending;
        if ((frame.ExitWork & FrameExitWork.Overlaps) != 0)
        {
            overlapped += frame.Overlaps!.Close(end);
            frame.Overlaps = null;
        }

        if (frame.Epoch != SessionState.ActiveEpoch)
        {
            frame.Pending = frame.AsyncParent = null;
            return; // began before the active session: in flight when its own session stopped
        }

        // After the epoch check: a call from an earlier session must not close an event in this
        // session's timeline (which it never opened), nor touch a timeline this session lacks.
        if ((frame.ExitWork & FrameExitWork.Timeline) != 0)
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

        long self = Math.Clamp(elapsed - frame.ChildTicks - overlapped, 0, Math.Max(0, elapsed));
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

        if (_depth > index + 1)
        {
            LetGoAbove(index, end, call);
        }

        _depth = index;
        ref Frame frame = ref _stack[index];
        long allocated = AllocatedSince(ref frame);
        AsyncFlow.Restore(call.SavedContext);
        if (frame.Epoch == SessionState.ActiveEpoch)
        {
            Interlocked.Add(ref call.AllocatedBytes, allocated);
            if (call.OverlapParent is not PendingCall)
            {
                // A synchronous caller: its bytes include the synchronous part's. Its time leaves out the
                // whole call when the call is one of its overlapping children; otherwise (a call from an
                // iterator step) only the synchronous part, which ran inside it.
                ChargeParent(index, ref frame, call.OverlapParent is null ? end - frame.StartTicks : 0, allocated);
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

        if (_depth > index + 1)
        {
            LetGoAbove(index, ProbeClock.Now(), call);
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
    internal void RecordPending(PendingCall call, long elapsed, long end, bool faulted)
    {
        long overlapped = call.Close(end);
        long self = Math.Clamp(elapsed - Volatile.Read(ref call.ChildTicks) - overlapped, 0, Math.Max(0, elapsed));
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
