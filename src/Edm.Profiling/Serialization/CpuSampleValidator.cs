namespace Edm.Profiling;

/// <summary>Checks the <c>cpuSamples</c> section: parts present, counts not negative, every id resolvable, nodes parent before child.</summary>
internal static class CpuSampleValidator
{
    internal static (string Path, string Problem)? Validate(CpuSamples samples, HashSet<int> callTreeIds)
    {
        const string At = "$.cpuSamples";
        if (string.IsNullOrEmpty(samples.Source) || samples.Frames is null || samples.Paths is null || samples.Nodes is null)
        {
            return (At, "source, frames, paths and nodes must be present");
        }

        if (samples.IntervalNs < 0 || samples.Threads < 0 || samples.RunningSamples < 0 || samples.WaitingSamples < 0)
        {
            return (At, "intervalNs, threads and sample counts must not be negative");
        }

        if (samples.Duty is { } duty && !(duty > 0 && duty <= 1))
        {
            return (At + ".duty", $"duty must be above 0 and at most 1 ({duty})");
        }

        if (samples.Windows < 0)
        {
            return (At + ".windows", $"windows must not be negative ({samples.Windows})");
        }

        for (int i = 0; i < samples.Frames.Count; i++)
        {
            if (samples.Frames[i] is not { Name.Length: > 0 })
            {
                return ($"{At}.frames[{i}]", "a frame has no name");
            }
        }

        for (int i = 0; i < samples.Paths.Count; i++)
        {
            SampledPath? path = samples.Paths[i];
            string here = $"{At}.paths[{i}]";
            if (path is null || path.RunningSamples < 0 || path.WaitingSamples < 0)
            {
                return (here, "a path is null or has a negative count");
            }

            if (path.CallTreeNodeId is { } node && !callTreeIds.Contains(node))
            {
                return (here + ".callTreeNodeId", $"call-tree node {node} does not exist");
            }

            if (BadLines(path.Lines) is { } line)
            {
                return ($"{here}.lines[{line}]", "a line is below 1 or its count is negative");
            }
        }

        var seen = new HashSet<int>();
        for (int i = 0; i < samples.Nodes.Count; i++)
        {
            SampledNode? node = samples.Nodes[i];
            string here = $"{At}.nodes[{i}]";
            if (node is null)
            {
                return (here, "a node is null");
            }

            if (node.RunningSamples < 0 || node.WaitingSamples < 0 || node.SelfRunningSamples < 0 || node.SelfWaitingSamples < 0
                || node.SelfRunningSamples > node.RunningSamples || node.SelfWaitingSamples > node.WaitingSamples)
            {
                return (here, "sample counts are negative, or a self count exceeds its total");
            }

            if (SampledNodeCheck.Problem(here, node.Id, node.ParentId, node.CallTreeNodeId, node.FrameId, samples.Frames.Count, seen, callTreeIds) is { } problem)
            {
                return problem;
            }

            if (BadLines(node.Lines) is { } line)
            {
                return ($"{here}.lines[{line}]", "a line is below 1 or its count is negative");
            }
        }

        return null;
    }

    private static int? BadLines(IReadOnlyList<SampledLine>? lines)
    {
        for (int i = 0; i < (lines?.Count ?? 0); i++)
        {
            if (lines![i] is not { Line: >= 1, Samples: >= 0 })
            {
                return i;
            }
        }

        return null;
    }
}
