namespace Edm.Profiling;

/// <summary>
/// Sampled allocations of the session (docs/session-format.md, <c>allocationSamples</c>), when the
/// <c>allocation-sampling</c> backend ran: what was allocated (by type), where (by site: method and
/// source line), and under which probe call-tree path, as estimates scaled from the sampled events.
/// </summary>
/// <remarks>
/// The runtime reports one event per about <see cref="MeanIntervalBytes"/> allocated (randomised with
/// <c>AllocationSampled</c>, every threshold crossed with <c>GCAllocationTick</c>); each event stands for
/// that many bytes of its type, so every figure here is an estimate, beside the exact allocated bytes
/// of Detailed probes (<see cref="AllocationStatistics"/>).
/// </remarks>
public sealed record AllocationSamples
{
    private readonly IReadOnlyList<AllocationPath> _paths = [];

    /// <summary>The runtime event the samples come from: <c>AllocationSampled</c> or <c>GCAllocationTick</c>.</summary>
    public required string Source { get; init; }

    /// <summary><c>in-process</c> (the program sampled itself) or <c>out-of-process</c> (a tool attached to it).</summary>
    public string? Mode { get; init; }

    /// <summary>Mean bytes allocated between two events, as the runtime samples; the scale of the estimates.</summary>
    public long MeanIntervalBytes { get; init; }

    /// <summary>Allocation events read.</summary>
    public long Events { get; init; }

    /// <summary>Estimated bytes allocated during the session (all threads).</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Estimated objects allocated during the session.</summary>
    public long EstimatedObjects { get; init; }

    /// <summary>Estimates per allocated type, largest first.</summary>
    public IReadOnlyList<AllocatedType> Types { get; init; } = [];

    /// <summary>Estimates per allocation site (the allocating method and line), largest first.</summary>
    public IReadOnlyList<AllocationSite> Sites { get; init; } = [];

    /// <summary>Estimates per probe: what was allocated under it, with its top types and sites.</summary>
    public IReadOnlyList<ProbeAllocations> Probes { get; init; } = [];

    /// <summary>
    /// Estimated bytes per call-tree path, each path's own share (events whose innermost probe is that
    /// path, allocated by the probed method itself or below it), and the <c>(outside probes)</c> root
    /// (no call-tree node): the weights of the call-tree part of an allocation flamegraph, as
    /// <see cref="CpuSamples.Paths"/> for time. Empty in sessions written before it was added.
    /// </summary>
    public IReadOnlyList<AllocationPath> Paths { get => _paths; init => _paths = value ?? []; }

    /// <summary>The distinct methods the allocation stacks name, by <see cref="AllocationNode.FrameId"/>.</summary>
    public IReadOnlyList<SampledFrame> Frames { get; init; } = [];

    /// <summary>
    /// The allocation stacks merged into the call tree, weighted by estimated bytes: frames below the
    /// innermost probe of each event form a subtree under that call-tree node (as <see cref="CpuSamples.Nodes"/>);
    /// events with no probe on the stack go under the <c>(outside probes)</c> root (no call-tree node).
    /// </summary>
    public IReadOnlyList<AllocationNode> Nodes { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(AllocationSamples? other) =>
        other is not null
        && Source == other.Source
        && Mode == other.Mode
        && MeanIntervalBytes == other.MeanIntervalBytes
        && Events == other.Events
        && EstimatedBytes == other.EstimatedBytes
        && EstimatedObjects == other.EstimatedObjects
        && ListEquality.Equal(Types, other.Types)
        && ListEquality.Equal(Sites, other.Sites)
        && ListEquality.Equal(Probes, other.Probes)
        && ListEquality.Equal(Paths, other.Paths)
        && ListEquality.Equal(Frames, other.Frames)
        && ListEquality.Equal(Nodes, other.Nodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Source, Events, EstimatedBytes, ListEquality.Hash(Types));
}

/// <summary>Estimated allocations of one type.</summary>
public sealed record AllocatedType
{
    /// <summary>Full type name as the runtime reports it (e.g. <c>System.Byte[]</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Estimated bytes.</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Estimated objects.</summary>
    public long EstimatedObjects { get; init; }

    /// <summary>Events of this type.</summary>
    public long Events { get; init; }
}

/// <summary>Estimated allocations at one site: the innermost method with code of the program on the allocating stack, and its line.</summary>
public sealed record AllocationSite
{
    /// <summary>The allocating method (<c>Namespace.Type.Method</c>).</summary>
    public required string Method { get; init; }

    /// <summary>Source file, when the module's portable PDB was found.</summary>
    public string? File { get; init; }

    /// <summary>Source line (1-based), when the PDB was found.</summary>
    public int? Line { get; init; }

    /// <summary>The type allocated most at this site.</summary>
    public string? TopType { get; init; }

    /// <summary>Estimated bytes.</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Estimated objects.</summary>
    public long EstimatedObjects { get; init; }

    /// <summary>Events at this site.</summary>
    public long Events { get; init; }
}

/// <summary>What was allocated under one probe (while it was on the stack, at any depth), with its top types and sites.</summary>
public sealed record ProbeAllocations
{
    /// <summary>The probe (<see cref="ProbeInfo.Id"/>).</summary>
    public int ProbeId { get; init; }

    /// <summary>Estimated bytes allocated while the probe was on the stack.</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Estimated bytes allocated while it was the innermost probe on the stack.</summary>
    public long SelfEstimatedBytes { get; init; }

    /// <summary>Its top types (a few, largest first).</summary>
    public IReadOnlyList<AllocatedType> TopTypes { get; init; } = [];

    /// <summary>Its top sites (a few, largest first).</summary>
    public IReadOnlyList<AllocationSite> TopSites { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ProbeAllocations? other) =>
        other is not null && ProbeId == other.ProbeId && EstimatedBytes == other.EstimatedBytes
        && SelfEstimatedBytes == other.SelfEstimatedBytes
        && ListEquality.Equal(TopTypes, other.TopTypes) && ListEquality.Equal(TopSites, other.TopSites);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ProbeId, EstimatedBytes);
}

/// <summary>The estimated allocations charged to one call-tree path (or to the <c>(outside probes)</c> root): those whose innermost probe is that path.</summary>
public sealed record AllocationPath
{
    /// <summary>The call-tree node (<see cref="CallTreeNode.Id"/>); null for <c>(outside probes)</c>.</summary>
    public int? CallTreeNodeId { get; init; }

    /// <summary>Estimated bytes allocated while this path's probe was the innermost on the stack (in its method or below).</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Estimated objects.</summary>
    public long EstimatedObjects { get; init; }

    /// <summary>The type allocated most under this path.</summary>
    public string? TopType { get; init; }
}

/// <summary>One node of the allocation stacks merged into the call tree; weights are estimated bytes.</summary>
public sealed record AllocationNode
{
    /// <summary>Identifier, unique in the session.</summary>
    public int Id { get; init; }

    /// <summary>The node above, or null at the top of a subtree.</summary>
    public int? ParentId { get; init; }

    /// <summary>At the top of a subtree: the call-tree node it hangs under (null: outside probes).</summary>
    public int? CallTreeNodeId { get; init; }

    /// <summary>The method of this frame (<see cref="AllocationSamples.Frames"/>).</summary>
    public int FrameId { get; init; }

    /// <summary>Estimated bytes allocated at or below this frame.</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Estimated bytes allocated at this frame itself.</summary>
    public long SelfEstimatedBytes { get; init; }

    /// <summary>The type allocated most at this frame itself, when it allocated.</summary>
    public string? TopType { get; init; }
}
