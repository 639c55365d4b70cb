namespace Edm.Profiling;

/// <summary>
/// One node of the process-wide call tree: a path of probes from a root. Paths are interned, so
/// every thread that walks the same path reaches the same object, and thread buffers keep
/// per-path figures in arrays indexed by <see cref="Index"/>. Merging threads is then a sum.
/// </summary>
internal sealed class CallPath
{
    private static readonly object s_gate = new();
    private static CallPath[] s_all = new CallPath[256];
    private static int s_count;

    /// <summary>The root: the parent of every top-level call.</summary>
    internal static readonly CallPath Root = CreateRoot();

    private CallPath[] _children = [];
    // A hint, not state: the child found last, so a loop calling the same probe skips the scan.
    // Written by any thread without a lock; a torn hint is impossible (reference writes are atomic)
    // and a stale one only costs the scan.
    private CallPath? _lastChild;

    private CallPath(int index, int probeId, CallPath? parent, bool isRecursive)
    {
        Index = index;
        ProbeId = probeId;
        Parent = parent;
        IsRecursive = isRecursive;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>Dense index over all paths ever created in this process.</summary>
    internal int Index { get; }

    /// <summary>The probe at the end of the path; -1 for the root.</summary>
    internal int ProbeId { get; }

    /// <summary>The path without its last probe; null for the root.</summary>
    internal CallPath? Parent { get; }

    /// <summary>Number of probes on the path.</summary>
    internal int Depth { get; }

    /// <summary>
    /// True when <see cref="ProbeId"/> already occurs among the ancestors: the call is a recursive
    /// activation, and its time is already inside the outer activation's inclusive time.
    /// </summary>
    internal bool IsRecursive { get; }

    internal static int Count => Volatile.Read(ref s_count);

    internal static CallPath Get(int index) => Volatile.Read(ref s_all)[index];

    /// <summary>The child found last, if it is for <paramref name="probeId"/>: the allocation-free fast path.</summary>
    internal CallPath? CachedChild(int probeId)
    {
        CallPath? last = _lastChild;
        return last is not null && last.ProbeId == probeId ? last : null;
    }

    /// <summary>The path extended by <paramref name="probeId"/>, created on first use.</summary>
    internal CallPath Child(int probeId) => CachedChild(probeId) ?? FindOrAddChild(probeId);

    private CallPath FindOrAddChild(int probeId)
    {
        foreach (CallPath child in Volatile.Read(ref _children))
        {
            if (child.ProbeId == probeId)
            {
                _lastChild = child;
                return child;
            }
        }

        lock (s_gate)
        {
            foreach (CallPath child in _children)
            {
                if (child.ProbeId == probeId)
                {
                    _lastChild = child;
                    return child;
                }
            }

            var created = new CallPath(s_count, probeId, this, HasAncestorProbe(probeId));
            Publish(created);
            CallPath[] grown = new CallPath[_children.Length + 1];
            _children.CopyTo(grown, 0);
            grown[^1] = created;
            Volatile.Write(ref _children, grown);
            _lastChild = created;
            return created;
        }
    }

    private bool HasAncestorProbe(int probeId)
    {
        for (CallPath? p = this; p is not null; p = p.Parent)
        {
            if (p.ProbeId == probeId)
            {
                return true;
            }
        }

        return false;
    }

    private static CallPath CreateRoot()
    {
        var root = new CallPath(0, -1, null, false);
        s_all[0] = root;
        s_count = 1;
        return root;
    }

    private static void Publish(CallPath path)
    {
        int index = s_count;
        if (index == s_all.Length)
        {
            var grown = new CallPath[index * 2];
            Array.Copy(s_all, grown, index);
            Volatile.Write(ref s_all, grown);
        }

        s_all[index] = path;
        Volatile.Write(ref s_count, index + 1);
    }
}
