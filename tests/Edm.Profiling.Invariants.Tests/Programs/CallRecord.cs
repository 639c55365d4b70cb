namespace Edm.Profiling.Invariants.Tests.Programs;

/// <summary>
/// What one call of a program did, as the program saw it: its place in the logical call tree, the clock
/// at its start and end, and whether it threw. The expected figures are computed from these alone.
/// </summary>
internal sealed class CallRecord(string key, CallRecord? parent, bool overlapsParent)
{
    private readonly List<CallRecord> _children = [];

    /// <summary>The method key (<see cref="Fixture.SyncName"/>…) or the scope's name.</summary>
    public string Key { get; } = key;

    public CallRecord? Parent { get; } = parent;

    /// <summary>True for an async call or a scope across an await: it may overlap its caller in time.</summary>
    public bool OverlapsParent { get; } = overlapsParent;

    public long Start { get; set; }

    public long End { get; set; }

    /// <summary>For an enumeration: the time of its steps, which is its inclusive time.</summary>
    public long? StepTime { get; set; }

    public bool Faulted { get; set; }

    /// <summary>What a forgotten or fanned-out async call awaits: released by the program, one at a time.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public IReadOnlyList<CallRecord> Children
    {
        get
        {
            lock (_children)
            {
                return [.. _children];
            }
        }
    }

    public CallRecord Add(string childKey, bool overlaps)
    {
        var child = new CallRecord(childKey, this, overlaps);
        lock (_children)
        {
            _children.Add(child);
        }

        return child;
    }

    public long Inclusive => StepTime ?? End - Start;

    /// <summary>
    /// Self time by the documented policy (docs/session-format.md#self-time): the inclusive time minus
    /// synchronous callees, minus overlapping callees cut at this call's end, between 0 and the inclusive time.
    /// </summary>
    public long ExpectedSelf()
    {
        long callees = 0;
        foreach (CallRecord child in Children)
        {
            callees += child.OverlapsParent ? Math.Max(0, Math.Min(child.End, End) - child.Start) : child.Inclusive;
        }

        return Math.Clamp(Inclusive - callees, 0, Math.Max(0, Inclusive));
    }

    /// <summary>This call's path of keys from its root.</summary>
    public IReadOnlyList<string> Path()
    {
        var keys = new List<string>();
        for (CallRecord? r = this; r is { Parent: not null }; r = r.Parent)
        {
            keys.Add(r.Key);
        }

        keys.Reverse();
        return keys;
    }

    /// <summary>Every call under this record, depth first.</summary>
    public IEnumerable<CallRecord> Descendants()
    {
        foreach (CallRecord child in Children)
        {
            yield return child;
            foreach (CallRecord d in child.Descendants())
            {
                yield return d;
            }
        }
    }
}
