namespace Edm.Profiling;

/// <summary>Checks the <c>allocationSamples</c> section: parts present, figures not negative, every id resolvable, nodes parent before child.</summary>
internal static class AllocationSampleValidator
{
    private const string At = "$.allocationSamples";

    internal static (string Path, string Problem)? Validate(AllocationSamples samples, HashSet<int> probeIds, HashSet<int> callTreeIds)
    {
        if (string.IsNullOrEmpty(samples.Source) || samples.Types is null || samples.Sites is null || samples.Probes is null
            || samples.Paths is null || samples.Frames is null || samples.Nodes is null)
        {
            return (At, "source, types, sites, probes, paths, frames and nodes must be present");
        }

        if (samples.MeanIntervalBytes < 0 || samples.Events < 0 || samples.EstimatedBytes < 0 || samples.EstimatedObjects < 0)
        {
            return (At, "meanIntervalBytes, events and estimates must not be negative");
        }

        if (BadTypes(samples.Types, At + ".types") is { } badType)
        {
            return badType;
        }

        if (BadSites(samples.Sites, At + ".sites") is { } badSite)
        {
            return badSite;
        }

        for (int i = 0; i < samples.Probes.Count; i++)
        {
            ProbeAllocations? probe = samples.Probes[i];
            string here = $"{At}.probes[{i}]";
            if (probe is null || probe.TopTypes is null || probe.TopSites is null || probe.EstimatedBytes < 0
                || probe.SelfEstimatedBytes < 0 || probe.SelfEstimatedBytes > probe.EstimatedBytes)
            {
                return (here, "a probe entry is null, lacks its top types or sites, or its self bytes are negative or exceed its total");
            }

            if (!probeIds.Contains(probe.ProbeId))
            {
                return (here + ".probeId", $"probe id {probe.ProbeId} is not among the probes");
            }

            if ((BadTypes(probe.TopTypes, here + ".topTypes") ?? BadSites(probe.TopSites, here + ".topSites")) is { } bad)
            {
                return bad;
            }
        }

        for (int i = 0; i < samples.Paths.Count; i++)
        {
            AllocationPath? path = samples.Paths[i];
            string here = $"{At}.paths[{i}]";
            if (path is null || path.EstimatedBytes < 0 || path.EstimatedObjects < 0)
            {
                return (here, "a path is null or has a negative estimate");
            }

            if (path.CallTreeNodeId is { } node && !callTreeIds.Contains(node))
            {
                return (here + ".callTreeNodeId", $"call-tree node {node} does not exist");
            }
        }

        for (int i = 0; i < samples.Frames.Count; i++)
        {
            if (samples.Frames[i] is not { Name.Length: > 0 })
            {
                return ($"{At}.frames[{i}]", "a frame has no name");
            }
        }

        var seen = new HashSet<int>();
        for (int i = 0; i < samples.Nodes.Count; i++)
        {
            AllocationNode? node = samples.Nodes[i];
            string here = $"{At}.nodes[{i}]";
            if (node is null || node.EstimatedBytes < 0 || node.SelfEstimatedBytes < 0 || node.SelfEstimatedBytes > node.EstimatedBytes)
            {
                return (here, "a node is null, or its bytes are negative, or its self bytes exceed its total");
            }

            if (SampledNodeCheck.Problem(here, node.Id, node.ParentId, node.CallTreeNodeId, node.FrameId, samples.Frames.Count, seen, callTreeIds) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static (string, string)? BadTypes(IReadOnlyList<AllocatedType> types, string at)
    {
        for (int i = 0; i < types.Count; i++)
        {
            if (types[i] is not { Name.Length: > 0, EstimatedBytes: >= 0, EstimatedObjects: >= 0, Events: >= 0 })
            {
                return ($"{at}[{i}]", "a type has no name or a negative figure");
            }
        }

        return null;
    }

    private static (string, string)? BadSites(IReadOnlyList<AllocationSite> sites, string at)
    {
        for (int i = 0; i < sites.Count; i++)
        {
            if (sites[i] is not { Method.Length: > 0, EstimatedBytes: >= 0, EstimatedObjects: >= 0, Events: >= 0 } site || site.Line is < 1)
            {
                return ($"{at}[{i}]", "a site has no method, a line below 1, or a negative figure");
            }
        }

        return null;
    }
}
