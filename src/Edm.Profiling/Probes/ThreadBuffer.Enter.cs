namespace Edm.Profiling;

/// <summary>Entering a call: its parent is resolved, its path found and its frame pushed.</summary>
internal sealed partial class ThreadBuffer
{
    /// <summary>Pushes a frame for a synchronous call and returns its stack index.</summary>
    internal int EnterSync(int probeId, int epoch)
    {
        ResolveParent(out CallPath parentPath, out PendingCall? asyncParent);
        return Push(probeId, epoch, ChildOf(parentPath, probeId), pending: null, asyncParent);
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

        // A timed call of a sampled probe draws its gap and credits its untimed calls (ThreadBuffer.Sampled.cs).
        bool sampled = ProbeRegistry.IsSampled(probeId) && pending is null;
        if (sampled)
        {
            BeginTimedTurn(probeId, path.Index, PathSlotOf(path.Index, probeId));
        }

        if (ProbeRegistry.IsDetailed(probeId))
        {
            BeginDetailed(ref frame);
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
        if (sampled)
        {
            frame.ExitWork |= FrameExitWork.Sampled;
        }

        return index;
    }
}
