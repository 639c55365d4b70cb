namespace Edm.Profiling;

/// <summary>
/// A call whose end is not where it returns: an async method (ends when its task completes) or an
/// enumeration of an iterator (the sum of its <c>MoveNext</c> steps). Children, which may run on other
/// threads, add their time with <see cref="Interlocked"/>: the object belongs to one call, so no
/// shared line is contended. Children that overlap it in time report to its <see cref="OverlappingChildren"/> part.
/// </summary>
internal sealed class PendingCall : OverlappingChildren
{
    internal PendingCall(int probeId, int epoch, CallPath path, ProbeKind kind, PendingCall? asyncParent)
    {
        ProbeId = probeId;
        Epoch = epoch;
        Path = path;
        Kind = kind;
        AsyncParent = asyncParent;
        Detailed = ProbeRegistry.IsDetailed(probeId);
    }

    internal int ProbeId { get; }
    internal int Epoch { get; }
    internal CallPath Path { get; }
    internal ProbeKind Kind { get; }
    internal bool Detailed { get; }

    /// <summary>The enclosing async call of an async enumeration, told of the enumeration's time (the sum of its steps) when it ends.</summary>
    internal PendingCall? AsyncParent { get; }

    /// <summary>
    /// Where an async call tells its start and end, so the caller's self time leaves it out: the enclosing
    /// async call, or the synchronous frame that called it. Null for a root or a call from an iterator step,
    /// which is charged only for the call's synchronous part.
    /// </summary>
    internal OverlappingChildren? OverlapParent;

    /// <summary>The logical-flow value to put back when the synchronous part returns.</summary>
    internal PendingCall? SavedContext;

    internal long StartTicks;
    internal long ChildTicks;
    internal long StepTicks;
    internal long AllocatedBytes;
    internal long ChildAlloc;
    internal bool Faulted;
    private int _completed;

    internal void AddChildTicks(long ticks) => Interlocked.Add(ref ChildTicks, ticks);

    /// <summary>True for the first caller only, so a call is recorded once whatever races its end.</summary>
    internal bool TryMarkCompleted() => Interlocked.Exchange(ref _completed, 1) == 0;
}
