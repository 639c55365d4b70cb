namespace Edm.Profiling.Analysis;

/// <summary>One run of a method in the history.</summary>
public sealed record TrendPoint
{
    /// <summary>Commit or version of the run.</summary>
    public required string Commit { get; init; }

    /// <summary>When the run was recorded.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The metric's value in the run (median ns per call for time, bytes per call, calls).</summary>
    public double Value { get; init; }
}

/// <summary>A method's metric across the runs of a history, with the steps found in it.</summary>
public sealed record MethodTrend
{
    /// <summary>The method's display name.</summary>
    public required string Name { get; init; }

    /// <summary>The metric.</summary>
    public Metric Metric { get; init; }

    /// <summary>The runs, oldest first.</summary>
    public IReadOnlyList<TrendPoint> Points { get; init; } = [];

    /// <summary>Indexes into <see cref="Points"/> where a lasting step begins (change-point detection).</summary>
    public IReadOnlyList<int> ChangePoints { get; init; } = [];
}
