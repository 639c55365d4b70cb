namespace Edm.Profiling;

/// <summary>
/// A call whose end is not where it returns: an async method (ends when its task completes) or an
/// enumeration of an iterator (the sum of its <c>MoveNext</c> steps). Children, which may run on other
/// threads, add their time with <see cref="Interlocked"/>: the object belongs to one call, so no
/// shared line is contended.
/// </summary>
internal sealed class PendingCall
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

    /// <summary>The enclosing async call, told of this call's inclusive time when it completes.</summary>
    internal PendingCall? AsyncParent { get; }

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
