namespace Edm.Profiling;

/// <summary>
/// Async calls and enumerations: their frames cover only a synchronous part, and a <see cref="PendingCall"/>
/// carries the call until its task completes or its enumeration ends.
/// </summary>
internal sealed partial class ThreadBuffer
{
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
}
