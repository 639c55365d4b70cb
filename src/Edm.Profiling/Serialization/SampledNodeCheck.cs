namespace Edm.Profiling;

/// <summary>
/// What every node of stacks merged into the call tree must satisfy, CPU samples' and allocation
/// samples' alike: its frame exists, its parent comes before it, its call-tree node exists, its id is new.
/// </summary>
internal static class SampledNodeCheck
{
    /// <summary>The first problem of the node at <paramref name="here"/>, or null; adds its id to <paramref name="seen"/>.</summary>
    internal static (string Path, string Problem)? Problem(
        string here, int id, int? parentId, int? callTreeNodeId, int frameId, int frameCount, HashSet<int> seen, HashSet<int> callTreeIds)
    {
        if (frameId < 0 || frameId >= frameCount)
        {
            return (here + ".frameId", $"frame {frameId} does not exist");
        }

        if (parentId is { } parent && !seen.Contains(parent))
        {
            return (here + ".parentId", $"parent {parent} is not an earlier node");
        }

        if (callTreeNodeId is { } anchor && !callTreeIds.Contains(anchor))
        {
            return (here + ".callTreeNodeId", $"call-tree node {anchor} does not exist");
        }

        return seen.Add(id) ? null : (here + ".id", $"duplicate node id {id}");
    }
}
