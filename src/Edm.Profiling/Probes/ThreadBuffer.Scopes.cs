namespace Edm.Profiling;

/// <summary>
/// Scopes (<c>Profiler.Scope</c>): a block may await and end on another thread than it began, so its
/// frame can be ended from afar and is let go of by its own thread.
/// </summary>
internal sealed partial class ThreadBuffer
{
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
}
