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

    /// <summary>
    /// Uses of the method that the builds of the registering compilations could not intercept, by reason
    /// (format 1.1): calls through them are not in this probe's counts. Null when there are none, and
    /// for call sites in assemblies built without <c>EdmProfiling=true</c>, which no build reports.
    /// </summary>
    public IReadOnlyList<UnprobedSiteCount>? UnprobedCallSites { get; init; }

    /// <summary>Total of <see cref="UnprobedCallSites"/>.</summary>
    public int UnprobedSiteTotal()
    {
        int total = 0;
        foreach (UnprobedSiteCount count in UnprobedCallSites ?? [])
        {
            total += count.Sites;
        }

        return total;
    }

    /// <inheritdoc />
    public bool Equals(ProbeInfo? other) =>
        other is not null
        && Id == other.Id
        && Name == other.Name
        && DeclaringType == other.DeclaringType
        && Signature == other.Signature
        && File == other.File
        && Line == other.Line
        && Layer == other.Layer
        && Category == other.Category
        && Kind == other.Kind
        && ListEquality.Equal(UnprobedCallSites, other.UnprobedCallSites);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Name, File, Line, Kind, ListEquality.Hash(UnprobedCallSites));
}
