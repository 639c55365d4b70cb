namespace Edm.Profiling.Analysis;

/// <summary>A stored baseline as a listing shows it, read from the file's header.</summary>
public sealed record BaselineEntry
{
    /// <summary>Name of the baseline (its folder).</summary>
    public required string Name { get; init; }

    /// <summary>Commit or version that names the file.</summary>
    public required string Key { get; init; }

    /// <summary>Path of the file.</summary>
    public required string Path { get; init; }

    /// <summary>Commit recorded in the baseline.</summary>
    public string? Commit { get; init; }

    /// <summary>Version recorded in the baseline.</summary>
    public string? Version { get; init; }

    /// <summary>Branch recorded in the baseline.</summary>
    public string? Branch { get; init; }

    /// <summary>When the baseline was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Branches whose pointer names this baseline as their latest.</summary>
    public IReadOnlyList<string> LatestOn { get; init; } = [];
}
