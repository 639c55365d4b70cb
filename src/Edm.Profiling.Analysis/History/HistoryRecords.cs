namespace Edm.Profiling.Analysis;

/// <summary>One run in a history: a session or a baseline that was imported.</summary>
public sealed record HistoryRun
{
    /// <summary>Row id of the run.</summary>
    public long Id { get; init; }

    /// <summary><c>session</c> or <c>baseline</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Session name (the command) or baseline name.</summary>
    public required string Name { get; init; }

    /// <summary>Commit of the run, if known.</summary>
    public string? Commit { get; init; }

    /// <summary>Version of the run (baselines), if given.</summary>
    public string? Version { get; init; }

    /// <summary>Branch of the run, if known.</summary>
    public string? Branch { get; init; }

    /// <summary>When the run was recorded (its first session's start).</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Sessions the run stands for (1 for a session; a baseline's merged runs).</summary>
    public int RunCount { get; init; }

    /// <summary>Machine fingerprint.</summary>
    public required string Machine { get; init; }

    /// <summary>File the run was imported from, if any.</summary>
    public string? Source { get; init; }

    /// <summary>Methods recorded for the run.</summary>
    public int Methods { get; init; }
}

/// <summary>What an import did.</summary>
public sealed record HistoryImport
{
    /// <summary>Row id of the run (the existing one when it was already there).</summary>
    public long RunId { get; init; }

    /// <summary>False when the same content had been imported before: imports are idempotent.</summary>
    public bool Imported { get; init; }

    /// <summary>Methods recorded.</summary>
    public int Methods { get; init; }
}

/// <summary>Which runs a history query looks at; every filter is optional.</summary>
public sealed record TrendQuery
{
    /// <summary>Only runs of this session or baseline name (the command).</summary>
    public string? RunName { get; init; }

    /// <summary>Only runs on this branch.</summary>
    public string? Branch { get; init; }

    /// <summary>Only runs on this machine fingerprint (timings from different machines do not make a trend).</summary>
    public string? Machine { get; init; }

    /// <summary>Only runs recorded at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Relative step a change point must have to be flagged (default <see cref="ComparisonOptions.DefaultTimeThreshold"/>, the time threshold).</summary>
    public double MinimumStep { get; init; } = ComparisonOptions.DefaultTimeThreshold;
}
