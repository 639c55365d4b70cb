using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// The fast path of a synchronous timed call: the common case of <see cref="EnterSync"/> and
/// <see cref="Exit"/>, written so that it cannot throw (every index is checked, every reference
/// tested) and therefore runs inline in the probe, without an exception handler. Detailed calls
/// and calls that keep duration samples (the reservoir of comparison sessions) take it too, their
/// extra reads in one out-of-line call each way, and so does the timed call of a probe adaptive timing
/// samples (drawing its gap on entry, recording its weight on exit, each out of line). Any case it does not cover (timeline,
/// a first call on a new path, async parents, a scope that ended on another thread, a full stack)
/// declines, and the guarded general path does the work.
/// </summary>
internal sealed partial class ThreadBuffer
{
    /// <summary>The current thread's buffer, whatever session it last served; null before its first probe.</summary>
    internal static ThreadBuffer? Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current;
    }

    /// <summary><see cref="TryEnterTimed"/>: the general path must run.</summary>
    internal const int Declined = -1;

    /// <summary>
    /// Pushes a timed frame and returns its index, or returns <see cref="Declined"/> when the general path
    /// must run. A timed call of a probe adaptive timing samples draws its gap here (its untimed calls never
    /// come this far: the interceptor counts them, <see cref="TryCountUntimed"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int TryEnterTimed(int probeId, int epoch)
    {
        Frame[] stack = _stack;
        int depth = _depth;
        if ((uint)depth >= (uint)stack.Length || Timeline is not null)
        {
            return Declined;
        }

        // One read: a plain call checks it against zero (a sampled Detailed probe takes the general path).
        ProbeModes modes = ProbeRegistry.Modes(probeId);
        bool detailed = modes == ProbeModes.Detailed;
        bool sampled = modes == ProbeModes.Sampled;
        if (modes > ProbeModes.Sampled)
        {
            return Declined;
        }

        CallPath parent;
        if (depth > 0)
        {
            ref Frame top = ref stack[depth - 1];
            if (top.IsEndedScope)
            {
                return Declined;
            }

            parent = CallPath.Get(top.PathIndex);
        }
        else
        {
            if (AsyncFlow.Current is not null)
            {
                return Declined; // an async call is the logical parent
            }

            parent = CallPath.Root;
        }

        if (parent.CachedChild(probeId) is not { } path)
        {
            return Declined;
        }

        FrameExitWork exitWork = FrameExitWork.None;
        if (sampled)
        {
            PathSlot?[] paths = Paths;
            if ((uint)path.Index >= (uint)paths.Length || paths[path.Index] is not { } pathSlot)
            {
                return Declined;
            }

            BeginTimedTurn(probeId, path.Index, pathSlot);
            exitWork = FrameExitWork.Sampled;
        }

        ref Frame frame = ref stack[depth];
        _depth = depth + 1;
        frame.Begin(probeId, epoch, path);
        frame.ExitWork = exitWork;
        frame.Pending = null;
        frame.AsyncParent = null;
        if (detailed)
        {
            BeginDetailedOutOfLine(ref frame);
        }
        else
        {
            frame.AllocStart = -1;
        }

        // Last, so the counters above are not charged to the call.
        frame.StartTicks = ProbeClock.Now();
        return depth;
    }

    /// <summary>Pops and records the top frame if it is a plain or sampled timed call; false when the general path must run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryExitTimed(int index, long end, bool faulted)
    {
        Frame[] stack = _stack;
        PathSlot?[] paths = Paths;
        if (index != _depth - 1 || (uint)index >= (uint)stack.Length)
        {
            return false;
        }

        ref Frame frame = ref stack[index];
        int pathIndex = frame.PathIndex;
        if (frame.Epoch != SessionState.ActiveEpoch
            || frame.Pending is not null || frame.AsyncParent is not null
            || (uint)pathIndex >= (uint)paths.Length || paths[pathIndex] is not { } pathSlot)
        {
            return false;
        }

        if (index > 0 && stack[index - 1].Pending is not null)
        {
            return false; // the parent is an async call or an iterator step: it is told atomically
        }

        if (frame.ExitWork != FrameExitWork.None)
        {
            // A timed call of a sampled probe is recorded with its weight, out of line; anything else takes the general path.
            return frame.ExitWork == FrameExitWork.Sampled && frame.AllocStart < 0 && ExitSampledOutOfLine(stack, index, end, faulted, pathSlot);
        }

        _depth = index;
        long elapsed = end - frame.StartTicks;
        if (frame.AllocStart >= 0)
        {
            ExitDetailedOutOfLine(stack, index, pathSlot, elapsed);
        }

        if (index > 0)
        {
            stack[index - 1].ChildTicks += elapsed;
        }

        long self = Math.Max(0, elapsed - frame.ChildTicks);
        pathSlot.RecordTiming(elapsed, self, frame.Outermost, faulted);
        if (pathSlot.Probe.Reservoir is not null)
        {
            pathSlot.Probe.RecordSample(elapsed, ref _random);
        }

        return true;
    }

    /// <summary>The fast exit of a sampled probe's timed call (no Detailed counters, no timeline): pops it and records it with its weight.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ExitSampledOutOfLine(Frame[] stack, int index, long end, bool faulted, PathSlot pathSlot)
    {
        ref Frame frame = ref stack[index];
        _depth = index;
        long elapsed = end - frame.StartTicks;
        if (index > 0)
        {
            stack[index - 1].ChildTicks += elapsed;
        }

        RecordSampled(pathSlot, elapsed, Math.Max(0, elapsed - frame.ChildTicks), frame.Outermost, faulted, frame.ProbeId);
        if (pathSlot.Probe.Reservoir is not null)
        {
            pathSlot.Probe.RecordSample(elapsed, ref _random);
        }

        return true;
    }

    // Out of line: the Detailed layer's reads would otherwise be inlined into every interceptor.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void BeginDetailedOutOfLine(ref Frame frame) => BeginDetailed(ref frame);

    /// <summary>The Detailed half of a fast exit: bytes allocated (charged to the parent too), collections, CPU time. Cannot throw.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ExitDetailedOutOfLine(Frame[] stack, int index, PathSlot pathSlot, long elapsed)
    {
        ref Frame frame = ref stack[index];
        long allocated = AllocatedSince(ref frame);
        if (index > 0)
        {
            stack[index - 1].ChildAlloc += allocated;
        }

        long selfAllocated = Math.Max(0, allocated - frame.ChildAlloc);
        RecordDetailed(pathSlot.Probe, ref frame, elapsed, allocated, selfAllocated);
        pathSlot.AllocatedBytes += allocated;
        pathSlot.SelfAllocatedBytes += selfAllocated;
    }
}
