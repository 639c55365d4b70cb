namespace Edm.Profiling;

/// <summary>One node of the merged call tree: a distinct path of probes from a root.</summary>
public sealed record CallTreeNode
{
    /// <summary>Id of the node within this report.</summary>
    public int Id { get; init; }

    /// <summary>Id of the parent node; null for a root.</summary>
    public int? ParentId { get; init; }

    /// <summary>The probe at the end of the path.</summary>
    public int ProbeId { get; init; }

    /// <summary>Calls along this path.</summary>
    public long Calls { get; init; }

    /// <summary>Wall time of those calls, callees included.</summary>
    public long InclusiveNs { get; init; }

    /// <summary>Wall time of those calls minus profiled callees.</summary>
    public long SelfNs { get; init; }

    /// <summary>Bytes allocated, for Detailed probes.</summary>
    public long? AllocatedBytes { get; init; }

    /// <summary>Bytes allocated minus those of Detailed callees, for Detailed probes.</summary>
    public long? SelfAllocatedBytes { get; init; }

    /// <summary><see cref="InclusiveNs"/> minus the estimated cost of the probes inside it (never below zero); null when the session was not calibrated.</summary>
    public long? CompensatedInclusiveNs { get; init; }

    /// <summary><see cref="SelfNs"/> minus the estimated cost of this node's probe and its children's (never below zero); null when not calibrated.</summary>
    public long? CompensatedSelfNs { get; init; }

    /// <summary>
    /// Calls that were timed, when adaptive timing timed only some (the times are then scaled estimates, and
    /// <see cref="Calls"/> too when the method has several nodes); null when every call was timed.
    /// </summary>
    public long? TimedCalls { get; init; }
}
