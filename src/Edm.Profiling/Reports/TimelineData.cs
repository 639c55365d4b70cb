namespace Edm.Profiling;

/// <summary>Enter/exit events per thread, properly nested, and async calls as spans.</summary>
/// <remarks>
/// One exception to the nesting: a <see cref="Profiler.Scope(string, Layer)"/> whose block ends on
/// another thread leaves its enter without an exit; the next exit on the thread belongs to an
/// enclosing call. Readers close such an enter there (the exporters do).
/// </remarks>
public sealed record TimelineData
{
    /// <summary>Events not kept because the cap was reached (an enter and its exit count as two).</summary>
    public long DroppedEvents { get; init; }

    /// <summary>Events of each thread that recorded any.</summary>
    public IReadOnlyList<TimelineThread> Threads { get; init; } = [];

    /// <summary>Async calls, which start and end on different threads: one span each.</summary>
    public IReadOnlyList<AsyncSpan> AsyncSpans { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(TimelineData? other) =>
        other is not null && DroppedEvents == other.DroppedEvents
        && ListEquality.Equal(Threads, other.Threads) && ListEquality.Equal(AsyncSpans, other.AsyncSpans);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(DroppedEvents, ListEquality.Hash(Threads));
}

/// <summary>One thread's events as parallel arrays: time, probe, and kind.</summary>
public sealed record TimelineThread
{
    /// <summary>Managed thread id.</summary>
    public int ThreadId { get; init; }

    /// <summary>Thread name, when it had one.</summary>
    public string? Name { get; init; }

    /// <summary>Event times, nanoseconds since the session started, ascending.</summary>
    public IReadOnlyList<long> AtNs { get; init; } = [];

    /// <summary>Probe of each event.</summary>
    public IReadOnlyList<int> ProbeIds { get; init; } = [];

    /// <summary>Kind of each event: <c>E</c> enter, <c>X</c> exit, one character per event.</summary>
    public string Kinds { get; init; } = "";

    /// <inheritdoc />
    public bool Equals(TimelineThread? other) =>
        other is not null && ThreadId == other.ThreadId && Name == other.Name && Kinds == other.Kinds
        && ListEquality.Equal(AtNs, other.AtNs) && ListEquality.Equal(ProbeIds, other.ProbeIds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ThreadId, Kinds);
}

/// <summary>An async call on the timeline.</summary>
public sealed record AsyncSpan
{
    /// <summary>The probe.</summary>
    public int ProbeId { get; init; }

    /// <summary>Start, nanoseconds since the session started.</summary>
    public long StartNs { get; init; }

    /// <summary>End (task completion), nanoseconds since the session started.</summary>
    public long EndNs { get; init; }
}
