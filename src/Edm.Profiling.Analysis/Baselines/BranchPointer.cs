namespace Edm.Profiling.Analysis;

/// <summary>
/// The latest baseline of a branch: <c>&lt;root&gt;/&lt;name&gt;/branches/&lt;branch&gt;.json</c>,
/// one small file per branch so that branches never race to update a shared one.
/// </summary>
public sealed record BranchPointer
{
    /// <summary>Version of the pointer format.</summary>
    public string SchemaVersion { get; init; } = Baseline.CurrentSchemaVersion;

    /// <summary>The branch, as given (the file name escapes characters such as <c>/</c>).</summary>
    public required string Branch { get; init; }

    /// <summary>Key (commit or version) of the branch's latest baseline.</summary>
    public required string Key { get; init; }

    /// <summary>When the pointer was last moved.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
