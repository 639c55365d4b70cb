namespace Edm.Profiling.Analysis;

/// <summary>How sessions become a baseline.</summary>
public sealed record BaselineOptions
{
    /// <summary>Release version the baseline stands for; names its file instead of the commit.</summary>
    public string? Version { get; init; }

    /// <summary>Commit to record, over the sessions' own (<c>EDM_COMMIT</c>).</summary>
    public string? Commit { get; init; }

    /// <summary>Branch to record, over the sessions' own (<c>EDM_BRANCH</c>).</summary>
    public string? Branch { get; init; }

    /// <summary>
    /// Most duration samples kept per method after merging; by default the largest reservoir size of
    /// the sessions (1,000 for process sessions), so a baseline of many runs stays the size of one.
    /// </summary>
    public int? SampleCapacity { get; init; }

    /// <summary>The clock that stamps <see cref="Baseline.CreatedAt"/>; the system clock by default.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
