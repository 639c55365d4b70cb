namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// The sampled allocations of a session (<see cref="SessionReport.AllocationSamples"/>) as a weighted
/// tree: the call tree, each path weighing the estimated bytes allocated while it was the innermost
/// probe, the allocation subtrees below it, and an <c>(outside probes)</c> root. What the allocation
/// flame graphs (folded <c>--metric bytes</c>, speedscope, HTML) draw.
/// </summary>
internal sealed class AllocationTree
{
    private const int Outside = -1;
    private readonly Dictionary<int, List<AllocationNode>> _tops = [];
    private readonly Dictionary<int, List<AllocationNode>> _children = [];
    private readonly Dictionary<int, AllocationPath> _paths = [];

    internal AllocationTree(AllocationSamples samples)
    {
        Samples = samples;
        var ids = new HashSet<int>(samples.Nodes.Select(n => n.Id));
        foreach (AllocationNode node in samples.Nodes)
        {
            if (node.ParentId is { } parent && parent != node.Id && ids.Contains(parent))
            {
                Add(_children, parent, node);
            }
            else
            {
                Add(_tops, node.CallTreeNodeId ?? Outside, node);
            }
        }

        foreach (List<AllocationNode> list in _tops.Values.Concat(_children.Values))
        {
            list.Sort((a, b) => b.EstimatedBytes.CompareTo(a.EstimatedBytes));
        }

        foreach (AllocationPath path in samples.Paths)
        {
            _paths[path.CallTreeNodeId ?? Outside] = path;
        }
    }

    internal AllocationSamples Samples { get; }

    /// <summary>Estimated bytes allocated while call-tree node <paramref name="callTreeNodeId"/> (null: none) was the innermost probe, its subtree included.</summary>
    internal long PathBytes(int? callTreeNodeId) => _paths.GetValueOrDefault(callTreeNodeId ?? Outside)?.EstimatedBytes ?? 0;

    /// <summary>Of <see cref="PathBytes"/>, what the probed method allocated itself (not in a frame below it).</summary>
    internal long OwnBytes(int? callTreeNodeId) => Math.Max(0, PathBytes(callTreeNodeId) - TopsOf(callTreeNodeId).Sum(n => n.EstimatedBytes));

    internal IReadOnlyList<AllocationNode> TopsOf(int? callTreeNodeId) =>
        _tops.TryGetValue(callTreeNodeId ?? Outside, out List<AllocationNode>? list) ? list : [];

    internal IReadOnlyList<AllocationNode> ChildrenOf(AllocationNode node) =>
        _children.TryGetValue(node.Id, out List<AllocationNode>? list) ? list : [];

    internal SampledFrame FrameOf(AllocationNode node) =>
        node.FrameId >= 0 && node.FrameId < Samples.Frames.Count ? Samples.Frames[node.FrameId] : new SampledFrame { Name = $"#{node.FrameId}" };

    /// <summary>Every node below <paramref name="callTreeNodeId"/> with the nodes from the top down to it, parents first (iterative).</summary>
    internal IEnumerable<(AllocationNode Node, IReadOnlyList<AllocationNode> Path)> Walk(int? callTreeNodeId)
    {
        var pending = new Stack<(AllocationNode Node, AllocationNode[] Path)>();
        IReadOnlyList<AllocationNode> tops = TopsOf(callTreeNodeId);
        for (int i = tops.Count - 1; i >= 0; i--)
        {
            pending.Push((tops[i], [tops[i]]));
        }

        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            (AllocationNode node, AllocationNode[] path) = pending.Pop();
            if (!seen.Add(node.Id))
            {
                continue;
            }

            yield return (node, path);
            IReadOnlyList<AllocationNode> children = ChildrenOf(node);
            for (int i = children.Count - 1; i >= 0; i--)
            {
                pending.Push((children[i], [.. path, children[i]]));
            }
        }
    }

    /// <summary>
    /// The tree as weighted stacks: each call-tree path with the bytes its probed method allocated
    /// itself, each allocation node with its self bytes, and the same under <c>(outside probes)</c>.
    /// Zero weights are left out.
    /// </summary>
    internal static IEnumerable<(IReadOnlyList<MergedFrame> Frames, long Bytes)> Stacks(SessionReport session)
    {
        if (session.AllocationSamples is not { } samples)
        {
            yield break;
        }

        var allocations = new AllocationTree(samples);
        var tree = new CallTreeIndex(session);
        foreach ((CallTreeNode node, IReadOnlyList<int> probes) in tree.WalkWithPaths())
        {
            MergedFrame[] path = [.. probes.Select(id => MergedStacks.ProbeFrame(session, tree, id))];
            foreach ((IReadOnlyList<MergedFrame> frames, long bytes) in allocations.Below(node.Id, path))
            {
                yield return (frames, bytes);
            }
        }

        MergedFrame[] outside = [new MergedFrame(SampledTree.OutsideProbes, true, null, 0)];
        foreach ((IReadOnlyList<MergedFrame> frames, long bytes) in allocations.Below(null, outside))
        {
            yield return (frames, bytes);
        }
    }

    private IEnumerable<(IReadOnlyList<MergedFrame>, long)> Below(int? callTreeNodeId, MergedFrame[] prefix)
    {
        if (OwnBytes(callTreeNodeId) is > 0 and long own)
        {
            yield return (prefix, own);
        }

        foreach ((AllocationNode node, IReadOnlyList<AllocationNode> path) in Walk(callTreeNodeId))
        {
            if (node.SelfEstimatedBytes > 0)
            {
                yield return ([.. prefix, .. path.Select(n => new MergedFrame(FrameOf(n).Name, true, FrameOf(n).File, 0))], node.SelfEstimatedBytes);
            }
        }
    }

    private static void Add(Dictionary<int, List<AllocationNode>> map, int key, AllocationNode node)
    {
        if (!map.TryGetValue(key, out List<AllocationNode>? list))
        {
            map[key] = list = [];
        }

        list.Add(node);
    }
}
