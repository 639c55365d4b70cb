using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// One entry of a thread's probe stack: what a call needs to compute its figures when it exits.
/// Lives in an array owned by the thread, so pushing a frame allocates nothing.
/// </summary>
internal struct Frame
{
    internal int ProbeId;
    internal int Epoch;
    /// <summary>
    /// The call-tree node, by <see cref="CallPath.Index"/>: an int, not a reference, so pushing a
    /// frame stores no object reference into the heap array and pays no GC write barrier.
    /// </summary>
    internal int PathIndex;

    /// <summary>False for a recursive activation, whose time is already in an outer one.</summary>
    internal bool Outermost;
    internal long StartTicks;

    /// <summary>Inclusive ticks of profiled children, subtracted to give self time.</summary>
    internal long ChildTicks;

    /// <summary>Allocated bytes of the thread at entry; -1 when the probe is not Detailed.</summary>
    internal long AllocStart;
    internal long ChildAlloc;

    /// <summary>The profiler's own allocations on this thread at entry, subtracted from the call's.</summary>
    internal long OwnAllocAtStart;
    internal int Gen0AtStart;
    internal int Gen1AtStart;
    internal int Gen2AtStart;

    /// <summary>Thread CPU nanoseconds at entry; -1 when this call is not a CPU sample.</summary>
    internal long CpuStartNs;

    /// <summary>
    /// Set for the synchronous part of an async call and for one step of an iterator: the figures
    /// go to this call object instead of the probe's slot, and children report their time to it.
    /// </summary>
    internal PendingCall? Pending;

    /// <summary>The async call found through the logical flow when the thread stack was empty.</summary>
    internal PendingCall? AsyncParent;

    /// <summary>What the exit must do beyond recording: the one field the fast exit checks for all of it.</summary>
    internal FrameExitWork ExitWork;

    /// <summary>Async children of this synchronous call, created by the first one; see <see cref="FrameExitWork.Overlaps"/>.</summary>
    internal OverlappingChildren? Overlaps;

    /// <summary>
    /// A scope's frame: positive while the scope runs (a token its end checks, so it knows the frame is
    /// still its own); <c>-(end + 1)</c> once the scope ended on another thread, which writes it with one
    /// compare-and-swap, leaving the owner to pop the frame (<see cref="IsEndedScope"/>); 0 for any other
    /// frame, and for a scope frame its owner let go (the compare-and-swap then fails).
    /// </summary>
    internal long ScopeToken;

    /// <summary>Whether this is a scope frame that ended on another thread, waiting for its owner to pop it.</summary>
    internal bool IsEndedScope
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref ScopeToken) < 0;
    }

    /// <summary>
    /// Fills what every call starts with: who and where, no children yet, not a CPU sample, not a
    /// scope. The slot is reused, so each of these must be written; the layer- and kind-specific
    /// fields are the caller's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Begin(int probeId, int epoch, CallPath path)
    {
        ProbeId = probeId;
        Epoch = epoch;
        PathIndex = path.Index;
        Outermost = !path.IsRecursive;
        ChildTicks = 0;
        ChildAlloc = 0;
        CpuStartNs = -1;
        // A scope that ended on another thread marks its frame; the mark must not carry over to the
        // call that reuses the slot.
        ScopeToken = 0;
    }
}

/// <summary>What a frame's exit has to do beyond recording its time.</summary>
[Flags]
internal enum FrameExitWork : byte
{
    None = 0,

    /// <summary>The enter is on the timeline: write the exit.</summary>
    Timeline = 1,

    /// <summary>The call started async children (<see cref="Frame.Overlaps"/>): their time is not its self time.</summary>
    Overlaps = 2,

    /// <summary>A timed call of a probe adaptive timing samples: it is recorded with its weight (ThreadBuffer.Sampled.cs).</summary>
    Sampled = 4,
}
