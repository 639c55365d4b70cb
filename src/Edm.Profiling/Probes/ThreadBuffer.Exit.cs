namespace Edm.Profiling;

/// <summary>Exiting a synchronous call: its frame is popped, its time and bytes recorded and charged to its parent.</summary>
internal sealed partial class ThreadBuffer
{
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
        if ((frame.ExitWork & FrameExitWork.Sampled) != 0)
        {
            RecordSampled(pathSlot, elapsed, self, frame.Outermost, faulted, frame.ProbeId);
        }
        else
        {
            pathSlot.RecordTiming(elapsed, self, frame.Outermost, faulted);
        }

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
}
