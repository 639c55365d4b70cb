namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// The sampled subtrees of a session (<see cref="SessionReport.CpuSamples"/>) as trees to walk: the
/// nodes right below each call-tree path and below <c>(outside probes)</c>, the children of each node,
/// and time estimates (samples × the sampling interval ÷ the sampler's duty).
/// </summary>
internal sealed class SampledTree
{
    /// <summary>The root that holds samples with no probe on their stack.</summary>
    internal const string OutsideProbes = "(outside probes)";

    private const int Outside = -1;
    private readonly Dictionary<int, List<SampledNode>> _tops = [];
    private readonly Dictionary<int, List<SampledNode>> _children = [];
    private readonly Dictionary<int, SampledPath> _paths = [];

    internal SampledTree(CpuSamples samples)
    {
        Samples = samples;
        var ids = new HashSet<int>(samples.Nodes.Select(n => n.Id));
        foreach (SampledNode node in samples.Nodes)
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

        foreach (List<SampledNode> list in _tops.Values.Concat(_children.Values))
        {
            list.Sort((a, b) => (b.RunningSamples + b.WaitingSamples).CompareTo(a.RunningSamples + a.WaitingSamples));
        }

        foreach (SampledPath path in samples.Paths)
        {
            _paths[path.CallTreeNodeId ?? Outside] = path;
        }
    }

    internal CpuSamples Samples { get; }

    /// <summary>The sampled nodes right below call-tree node <paramref name="callTreeNodeId"/> (null: below <c>(outside probes)</c>).</summary>
    internal IReadOnlyList<SampledNode> TopsOf(int? callTreeNodeId) =>
        _tops.TryGetValue(callTreeNodeId ?? Outside, out List<SampledNode>? list) ? list : [];

    internal IReadOnlyList<SampledNode> ChildrenOf(SampledNode node) =>
        _children.TryGetValue(node.Id, out List<SampledNode>? list) ? list : [];

    /// <summary>The samples charged to a call-tree path (null: <c>(outside probes)</c>), or null when it has none.</summary>
    internal SampledPath? PathOf(int? callTreeNodeId) => _paths.GetValueOrDefault(callTreeNodeId ?? Outside);

    internal SampledFrame FrameOf(SampledNode node) =>
        node.FrameId >= 0 && node.FrameId < Samples.Frames.Count ? Samples.Frames[node.FrameId] : new SampledFrame { Name = $"#{node.FrameId}" };

    /// <summary>Samples as time: count × interval, ÷ the duty when the sampler ran in windows.</summary>
    internal long EstimateNs(long samples) => Samples.EstimateNs(samples);

    /// <summary>Every node below <paramref name="callTreeNodeId"/> with the frames from the top down to it (itself last), parents first.</summary>
    /// <remarks>Iterative, so deep stacks cannot overflow the stack here.</remarks>
    internal IEnumerable<(SampledNode Node, IReadOnlyList<SampledNode> Path)> Walk(int? callTreeNodeId)
    {
        var pending = new Stack<(SampledNode Node, SampledNode[] Path)>();
        IReadOnlyList<SampledNode> tops = TopsOf(callTreeNodeId);
        for (int i = tops.Count - 1; i >= 0; i--)
        {
            pending.Push((tops[i], [tops[i]]));
        }

        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            (SampledNode node, SampledNode[] path) = pending.Pop();
            if (!seen.Add(node.Id))
            {
                continue;
            }

            yield return (node, path);
            IReadOnlyList<SampledNode> children = ChildrenOf(node);
            for (int i = children.Count - 1; i >= 0; i--)
            {
                pending.Push((children[i], [.. path, children[i]]));
            }
        }
    }

    /// <summary>
    /// <c>Ns.Type.Method(int32,class System.String)</c> as <c>Type.Method</c>: what a terminal line has room for.
    /// A frame without a method (<c>[native code] libcoreclr.so</c>) is short already; dropping its
    /// bracketed marker as if it were generic arguments would leave <c> libcoreclr.so</c>.
    /// </summary>
    internal static string ShortName(string name)
    {
        if (name.StartsWith('['))
        {
            return name;
        }

        int paren = name.IndexOf('(', StringComparison.Ordinal);
        string head = paren > 0 ? name[..paren] : name;
        var kept = new System.Text.StringBuilder();
        int depth = 0;
        foreach (char c in head)
        {
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (depth == 0 && c != ']')
            {
                kept.Append(c);
            }
        }

        string[] parts = kept.ToString().Split('.');
        return parts.Length <= 2 ? kept.ToString() : $"{parts[^2]}.{parts[^1]}";
    }

    private static void Add(Dictionary<int, List<SampledNode>> map, int key, SampledNode node)
    {
        if (!map.TryGetValue(key, out List<SampledNode>? list))
        {
            map[key] = list = [];
        }

        list.Add(node);
    }
}
