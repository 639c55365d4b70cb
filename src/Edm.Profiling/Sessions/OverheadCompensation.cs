namespace Edm.Profiling;

/// <summary>
/// Takes the probes' own cost out of a session's times (docs/session-format.md, "Probe overhead"). A call
/// of a probed method carries its probe's cost in three places: a part inside its own measured time
/// (<see cref="ProbeCostClass.InnerNs"/>), all of it inside every caller's inclusive time
/// (<see cref="ProbeCostClass.TotalNs"/>), and a part in its direct caller's self time
/// (<see cref="ProbeCostClass.CallerSelfNs"/>). So, per call-tree node, with c the calls of a node:
/// compensated inclusive = inclusive − c·inner − Σ over its descendants of c·total, and compensated self
/// = self − c·inner − Σ over its children of c·callerSelf, each never below zero. A call adaptive timing
/// only counted costs <see cref="ProbeCost.SkippedCallNs"/>, all of it in its caller.
/// </summary>
internal static class OverheadCompensation
{
    internal static (List<MethodStatistics> Methods, List<CallTreeNode> Tree, ProbeOverhead Overhead) Apply(
        ProbeCost cost, ProbeDescriptor[] descriptors, IReadOnlyList<MethodStatistics> methods, IReadOnlyList<CallTreeNode> tree, long durationNs)
    {
        int n = tree.Count;
        var inParent = new double[n];      // what a node's probe calls add to every ancestor's time
        var inParentSelf = new double[n];  // what they add to the direct caller's self time
        var own = new double[n];           // what they add to the node's own time
        var belowInclusive = new double[n];
        var belowSelf = new double[n];
        var index = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++)
        {
            index[tree[i].Id] = i;
        }

        for (int i = 0; i < n; i++)
        {
            CallTreeNode node = tree[i];
            ProbeCostClass k = ClassOf(cost, descriptors, node.ProbeId);
            long timed = node.TimedCalls ?? node.Calls;
            long skipped = node.Calls - timed;
            own[i] = node.Calls * k.InnerNs;
            inParent[i] = (timed * k.TotalNs) + (skipped * cost.SkippedCallNs);

            // Untimed calls' own time was taken out of the caller's self at their estimated mean, which
            // holds the inner cost; what they really left there is the skipped-call cost.
            inParentSelf[i] = (timed * k.CallerSelfNs) + (skipped * (cost.SkippedCallNs - k.InnerNs));
        }

        // Nodes are listed parents first (the builder numbers them by path creation), so a reverse pass
        // sums each subtree into its parent.
        var order = Enumerable.Range(0, n).OrderByDescending(i => Depth(tree, index, i)).ToList();
        foreach (int i in order)
        {
            if (tree[i].ParentId is { } parentId && index.TryGetValue(parentId, out int p))
            {
                belowInclusive[p] += inParent[i] + belowInclusive[i];
                belowSelf[p] += inParentSelf[i];
            }
        }

        var compensatedTree = new List<CallTreeNode>(n);
        var byProbe = new Dictionary<int, (double Inclusive, double Self, double Overhead)>();
        double total = 0, roots = 0;
        for (int i = 0; i < n; i++)
        {
            CallTreeNode node = tree[i];
            long inclusive = Clamp(node.InclusiveNs - own[i] - belowInclusive[i]);
            long self = Clamp(node.SelfNs - own[i] - belowSelf[i]);
            compensatedTree.Add(node with { CompensatedInclusiveNs = inclusive, CompensatedSelfNs = self });
            total += inParent[i];
            if (node.ParentId is null)
            {
                roots += node.InclusiveNs;
            }

            byProbe.TryGetValue(node.ProbeId, out var sums);
            bool recursive = IsRecursive(tree, index, i);
            byProbe[node.ProbeId] = (sums.Inclusive + (recursive ? 0 : inclusive), sums.Self + self, sums.Overhead + inParent[i]);
        }

        var compensatedMethods = methods
            .Select(m => byProbe.TryGetValue(m.ProbeId, out var sums)
                ? m with { CompensatedInclusiveNs = Clamp(sums.Inclusive), CompensatedSelfNs = Clamp(sums.Self), ProbeOverheadNs = Clamp(sums.Overhead) }
                : m)
            .ToList();
        double run = Math.Max(durationNs, roots);
        var overhead = new ProbeOverhead { EstimatedNs = Clamp(total), Share = run > 0 ? Math.Round(total / run, 6) : 0 };
        return (compensatedMethods, compensatedTree, overhead);
    }

    /// <summary>The cost class of a probe: async methods, Detailed synchronous probes, and the rest (scopes and iterators count as Lightweight calls).</summary>
    internal static ProbeCostClass ClassOf(ProbeCost cost, ProbeDescriptor[] descriptors, int probeId)
    {
        if ((uint)probeId >= (uint)descriptors.Length)
        {
            return Lightweight(cost);
        }

        ProbeDescriptor d = descriptors[probeId];
        return d.Kind == ProbeKind.AsyncMethod ? cost.Async
            : ProbeRegistry.IsDetailed(probeId) ? cost.Detailed
            : Lightweight(cost);
    }

    /// <summary>
    /// The Lightweight figures compensation uses. With a measurement at the stop: its inner part (the probed
    /// half compiled as the program's hot code is, which decides how much of the probe lies between the two
    /// timestamps), and the larger of the two totals. Both calibrations came out at or below the cost a
    /// probe had in place on the benchmarks' tree: the stop's loops, whose call site sits in a tiny caller,
    /// by 3–11 ns in ordinary processes; the start's, measured before the process slowed, by up to 28 ns in a
    /// process that did (docs/session-format.md, "Again at the stop").
    /// </summary>
    internal static ProbeCostClass Lightweight(ProbeCost cost)
    {
        if (cost.AtStop?.Lightweight is not { } stop)
        {
            return cost.Lightweight;
        }

        double total = Math.Max(cost.Lightweight.TotalNs, stop.TotalNs);
        double inner = Math.Min(stop.InnerNs, total);
        return new ProbeCostClass { InnerNs = inner, TotalNs = total, CallerSelfNs = total - inner };
    }

    private static long Clamp(double ns) => ns <= 0 ? 0 : (long)Math.Round(ns);

    private static int Depth(IReadOnlyList<CallTreeNode> tree, Dictionary<int, int> index, int i)
    {
        int depth = 0;
        for (int? p = tree[i].ParentId; p is { } id && index.TryGetValue(id, out int at); p = tree[at].ParentId)
        {
            depth++;
        }

        return depth;
    }

    private static bool IsRecursive(IReadOnlyList<CallTreeNode> tree, Dictionary<int, int> index, int i)
    {
        int probe = tree[i].ProbeId;
        for (int? p = tree[i].ParentId; p is { } id && index.TryGetValue(id, out int at); p = tree[at].ParentId)
        {
            if (tree[at].ProbeId == probe)
            {
                return true;
            }
        }

        return false;
    }
}
