namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// The flat call tree of a session (nodes with parent ids) as a tree to walk: children of each node,
/// roots, and names. Nodes whose parent is missing are treated as roots, so a hand-edited or
/// truncated file still draws.
/// </summary>
internal sealed class CallTreeIndex
{
    private readonly Dictionary<int, List<CallTreeNode>> _children = [];
    private readonly Dictionary<int, string> _probeNames = [];
    private readonly Dictionary<int, int> _nodesPerProbe = [];

    internal CallTreeIndex(SessionReport session)
    {
        foreach (ProbeInfo probe in session.Probes)
        {
            _probeNames[probe.Id] = probe.Name;
        }

        var ids = new HashSet<int>(session.CallTree.Select(n => n.Id));
        var roots = new List<CallTreeNode>();
        foreach (CallTreeNode node in session.CallTree)
        {
            _nodesPerProbe[node.ProbeId] = _nodesPerProbe.GetValueOrDefault(node.ProbeId) + 1;
            if (node.ParentId is { } parent && parent != node.Id && ids.Contains(parent))
            {
                if (!_children.TryGetValue(parent, out List<CallTreeNode>? list))
                {
                    _children[parent] = list = [];
                }

                list.Add(node);
            }
            else
            {
                roots.Add(node);
            }
        }

        foreach (List<CallTreeNode> list in _children.Values)
        {
            Sort(list);
        }

        Sort(roots);
        Roots = roots;
        TotalNs = roots.Sum(r => r.InclusiveNs);
    }

    /// <summary>Nodes without a parent, heaviest first.</summary>
    internal IReadOnlyList<CallTreeNode> Roots { get; }

    /// <summary>Inclusive time of the roots added up: the profiled wall time.</summary>
    internal long TotalNs { get; }

    /// <summary>Children of a node, heaviest first.</summary>
    internal IReadOnlyList<CallTreeNode> ChildrenOf(CallTreeNode node) =>
        _children.TryGetValue(node.Id, out List<CallTreeNode>? list) ? list : [];

    /// <summary>How many call-tree nodes a probe has (the paths it was called on).</summary>
    internal int NodeCountOf(int probeId) => _nodesPerProbe.GetValueOrDefault(probeId);

    /// <summary>The display name of a probe, or <c>#id</c> when the session does not list it.</summary>
    internal string NameOf(int probeId) => _probeNames.TryGetValue(probeId, out string? name) ? name : $"#{probeId}";

    /// <summary>Every node with the probes of the path from its root (itself last), parents before children.</summary>
    /// <remarks>Iterative, so a deep recursion in the profiled program cannot overflow the stack here.</remarks>
    internal IEnumerable<(CallTreeNode Node, IReadOnlyList<int> ProbePath)> WalkWithPaths()
    {
        var pending = new Stack<(CallTreeNode Node, int[] Path)>();
        for (int i = Roots.Count - 1; i >= 0; i--)
        {
            pending.Push((Roots[i], [Roots[i].ProbeId]));
        }

        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            (CallTreeNode node, int[] path) = pending.Pop();
            if (!seen.Add(node.Id))
            {
                continue; // a cycle of parent ids in a damaged file
            }

            yield return (node, path);
            IReadOnlyList<CallTreeNode> children = ChildrenOf(node);
            for (int i = children.Count - 1; i >= 0; i--)
            {
                pending.Push((children[i], [.. path, children[i].ProbeId]));
            }
        }
    }

    private static void Sort(List<CallTreeNode> nodes) =>
        nodes.Sort((a, b) => b.InclusiveNs != a.InclusiveNs ? b.InclusiveNs.CompareTo(a.InclusiveNs) : a.Id.CompareTo(b.Id));
}
