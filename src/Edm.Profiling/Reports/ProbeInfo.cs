namespace Edm.Profiling;

/// <summary>A probe as a report names it.</summary>
public sealed record ProbeInfo
{
    /// <summary>Id of the probe within this report; other records refer to it.</summary>
    public int Id { get; init; }

    /// <summary>Stable display name, the key baselines match on: <c>Namespace.Type.Method(ParamTypes)</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Declaring type, for methods.</summary>
    public string? DeclaringType { get; init; }

    /// <summary>Method signature.</summary>
    public string? Signature { get; init; }

    /// <summary>Source file of the declaration.</summary>
    public string? File { get; init; }

    /// <summary>1-based line of the declaration; 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>Layer the attribute asked for.</summary>
    public Layer Layer { get; init; }

    /// <summary>Category from the attribute.</summary>
    public string? Category { get; init; }

    /// <summary>What the probe wraps.</summary>
    public ProbeKind Kind { get; init; }
}
