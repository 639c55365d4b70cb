namespace Edm.Profiling;

/// <summary>
/// Marks a session as one interval of a rolling run (<see cref="SessionOptions.FlushInterval"/>): the calls
/// completed between its <see cref="SessionReport.StartedAt"/> and <see cref="EndedAt"/>. The intervals of
/// a run share <see cref="RunId"/> and add up to the run; <c>edm-prof</c> merges them
/// (docs/session-format.md, "Interval sessions").
/// </summary>
public sealed record SessionInterval
{
    /// <summary>Identifier shared by every interval of one run (32 hexadecimal digits).</summary>
    public required string RunId { get; init; }

    /// <summary>Position of this interval in its run, from 1.</summary>
    public int Index { get; init; }

    /// <summary>When the run started (UTC): the start of its first interval.</summary>
    public DateTimeOffset RunStartedAt { get; init; }

    /// <summary>When this interval ended (UTC): its start plus <see cref="SessionReport.DurationNs"/>.</summary>
    public DateTimeOffset EndedAt { get; init; }

    /// <summary>True for the run's last interval, written when the session stopped (the process exited).</summary>
    public bool Last { get; init; }
}
