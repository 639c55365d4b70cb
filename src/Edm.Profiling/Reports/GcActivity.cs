namespace Edm.Profiling;

/// <summary>
/// Garbage collections and the heap over time (docs/session-format.md, <c>gc</c>), when the
/// <c>gc</c> backend ran: each collection with its pause and the heap after it, and a time series of the
/// managed heap and the process working set, memory_profiler's plot for a whole run.
/// </summary>
public sealed record GcActivity
{
    /// <summary>Where the events come from: <c>eventlistener</c> (the runtime's GC events through an in-process EventListener; <c>eventpipe</c> in sessions of earlier versions, which opened an EventPipe session).</summary>
    public required string Source { get; init; }

    /// <summary>Time between two working-set readings (the heap series also gets a point after every collection).</summary>
    public long SeriesIntervalNs { get; init; }

    /// <summary>The collections that ended during the session, in order.</summary>
    public IReadOnlyList<GcEvent> Collections { get; init; } = [];

    /// <summary>The heap over time, ascending <see cref="HeapPoint.AtNs"/>.</summary>
    public IReadOnlyList<HeapPoint> HeapSeries { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(GcActivity? other) =>
        other is not null && Source == other.Source && SeriesIntervalNs == other.SeriesIntervalNs
        && ListEquality.Equal(Collections, other.Collections) && ListEquality.Equal(HeapSeries, other.HeapSeries);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Source, ListEquality.Hash(Collections));
}

/// <summary>One garbage collection.</summary>
public sealed record GcEvent
{
    /// <summary>The runtime's collection number.</summary>
    public long Number { get; init; }

    /// <summary>Generation collected (0, 1 or 2).</summary>
    public int Generation { get; init; }

    /// <summary>Why it ran, as the runtime names it (<c>AllocSmall</c>, <c>Induced</c>, <c>LowMemory</c>, ...).</summary>
    public required string Reason { get; init; }

    /// <summary><c>NonConcurrent</c>, <c>Background</c> or <c>Foreground</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Start, nanoseconds since the session started.</summary>
    public long StartNs { get; init; }

    /// <summary>Time the program's threads were suspended for it (the pause).</summary>
    public long PauseNs { get; init; }

    /// <summary>The heap after it, per generation, when the runtime reported it.</summary>
    public HeapSizes? HeapAfter { get; init; }

    /// <summary>Bytes promoted (survived) by it, when reported.</summary>
    public long? PromotedBytes { get; init; }

    /// <summary>Free space inside the heap after it (fragmentation), when reported.</summary>
    public long? FragmentationBytes { get; init; }
}

/// <summary>Managed heap size per generation.</summary>
public sealed record HeapSizes
{
    /// <summary>Generation 0.</summary>
    public long Gen0Bytes { get; init; }

    /// <summary>Generation 1.</summary>
    public long Gen1Bytes { get; init; }

    /// <summary>Generation 2.</summary>
    public long Gen2Bytes { get; init; }

    /// <summary>Large object heap.</summary>
    public long LohBytes { get; init; }

    /// <summary>Pinned object heap.</summary>
    public long PohBytes { get; init; }
}

/// <summary>One point of the heap series.</summary>
public sealed record HeapPoint
{
    /// <summary>Time, nanoseconds since the session started.</summary>
    public long AtNs { get; init; }

    /// <summary>Managed heap size (all generations) at that time.</summary>
    public long ManagedBytes { get; init; }

    /// <summary>Per generation, for points taken after a collection (null for timer readings).</summary>
    public HeapSizes? Generations { get; init; }

    /// <summary>Process working set from the OS, when read at this point.</summary>
    public long? WorkingSetBytes { get; init; }
}

/// <summary>
/// Memory across the calls of a <see cref="Profiler.Scope(string, Layer)"/> in the Detailed layer: how
/// much the managed heap and the working set grew (negative: shrank) from its start to its end.
/// </summary>
public sealed record HeapDeltaStatistics
{
    /// <summary>Calls measured.</summary>
    public long Calls { get; init; }

    /// <summary>Sum over the calls of the managed-heap change.</summary>
    public long ManagedHeapDeltaBytes { get; init; }

    /// <summary>Sum over the calls of the working-set change.</summary>
    public long WorkingSetDeltaBytes { get; init; }

    /// <summary>Smallest managed-heap change of one call.</summary>
    public long MinManagedHeapDeltaBytes { get; init; }

    /// <summary>Largest managed-heap change of one call.</summary>
    public long MaxManagedHeapDeltaBytes { get; init; }
}
