namespace Edm.Profiling.Analysis.Reporting;

/// <summary>One frame of a merged stack: a probe (exact) or a sampled method (estimated).</summary>
/// <param name="Name">The probe's display name, or the method as the runtime names it.</param>
/// <param name="Sampled">True for a frame known from samples only.</param>
/// <param name="File">Source file, when known.</param>
/// <param name="Line">Declaration line of a probe, or the hottest sampled line of a frame; 0 when unknown.</param>
/// <param name="ProbeId">The probe of a probe frame; -1 for a sampled one.</param>
internal readonly record struct MergedFrame(string Name, bool Sampled, string? File, int Line, int ProbeId = -1);

/// <summary>
/// The call tree and the sampled frames below it as weighted stacks, for the flame graph formats
/// (folded, speedscope). Each probe path weighs its exact self time minus what its sampled subtree
/// accounts for; each sampled frame weighs its own samples × the interval (running and waiting: a
/// probe's time is wall time). Under <c>(outside probes)</c> only running samples count, as idle
/// threads there would otherwise fill the picture with their waiting.
/// </summary>
internal static class MergedStacks
{
    internal static IEnumerable<(IReadOnlyList<MergedFrame> Frames, long WeightNs)> Of(SessionReport session)
    {
        var tree = new CallTreeIndex(session);
        SampledTree? sampled = session.CpuSamples is { } samples ? new SampledTree(samples) : null;
        foreach ((CallTreeNode node, IReadOnlyList<int> probes) in tree.WalkWithPaths())
        {
            MergedFrame[] path = [.. probes.Select(id => ProbeFrame(session, tree, id))];
            long sampledNs = sampled is null ? 0 : sampled.TopsOf(node.Id).Sum(n => sampled.EstimateNs(n.RunningSamples + n.WaitingSamples));
            long own = Math.Max(0, node.SelfNs - sampledNs);
            if (own > 0)
            {
                yield return (path, own);
            }

            if (sampled is not null)
            {
                foreach ((IReadOnlyList<MergedFrame> frames, long weight) in Below(sampled, node.Id, path, running: true, waiting: true))
                {
                    yield return (frames, weight);
                }
            }
        }

        if (sampled is not null)
        {
            MergedFrame[] outside = [new MergedFrame(SampledTree.OutsideProbes, true, null, 0)];
            foreach ((IReadOnlyList<MergedFrame> frames, long weight) in Below(sampled, null, outside, running: true, waiting: false))
            {
                yield return (frames, weight);
            }
        }
    }

    private static IEnumerable<(IReadOnlyList<MergedFrame>, long)> Below(SampledTree sampled, int? callTreeNodeId, MergedFrame[] prefix, bool running, bool waiting)
    {
        foreach ((SampledNode node, IReadOnlyList<SampledNode> path) in sampled.Walk(callTreeNodeId))
        {
            long self = (running ? node.SelfRunningSamples : 0) + (waiting ? node.SelfWaitingSamples : 0);
            if (self > 0)
            {
                yield return ([.. prefix, .. path.Select(n => SampledFrame(sampled, n))], sampled.EstimateNs(self));
            }
        }
    }

    internal static MergedFrame ProbeFrame(SessionReport session, CallTreeIndex tree, int probeId) =>
        session.FindProbe(probeId) is { } probe
            ? new MergedFrame(probe.Name, false, probe.File, probe.Line, probeId)
            : new MergedFrame(tree.NameOf(probeId), false, null, 0, probeId);

    internal static MergedFrame SampledFrame(SampledTree sampled, SampledNode node)
    {
        SampledFrame frame = sampled.FrameOf(node);
        int line = node.Lines is { Count: > 0 } lines ? lines.MaxBy(l => l.Samples)!.Line : 0;
        return new MergedFrame(frame.Name, true, frame.File, line);
    }
}
