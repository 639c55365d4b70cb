namespace Edm.Profiling;

/// <summary>
/// What one probe call costs on this machine and in this process, measured when the session started
/// (<see cref="SessionSettings.ProbeCost"/>). Reports subtract it to give compensated times
/// (docs/session-format.md, "Probe overhead").
/// </summary>
public sealed record ProbeCost
{
    /// <summary>A synchronous call of a Lightweight probe.</summary>
    public required ProbeCostClass Lightweight { get; init; }

    /// <summary>A synchronous call of a Detailed probe (the Lightweight figures when the session's layer cap is Lightweight).</summary>
    public required ProbeCostClass Detailed { get; init; }

    /// <summary>A call of an async method whose task is already complete when it returns (the common hot case).</summary>
    public required ProbeCostClass Async { get; init; }

    /// <summary>A call that adaptive timing counts without timing it: the whole cost lands in the caller.</summary>
    public double SkippedCallNs { get; init; }

    /// <summary>
    /// The timed call of a probe adaptive timing samples: a Lightweight call that also draws the gap to the next
    /// timed call and records itself with its weight. Adaptive timing chooses N from it and <see cref="SkippedCallNs"/>.
    /// Null in sessions written before it was measured.
    /// </summary>
    public ProbeCostClass? Sampled { get; init; }

    /// <summary>
    /// The Lightweight figures measured again at the session's stop, through loops compiled as the program's
    /// code is (tier 1 with the runtime's profile), warmed while the session ran. When present, compensation
    /// uses them for Lightweight calls instead of <see cref="Lightweight"/>. Null when the session was short,
    /// the loops were not warm by its stop, or in files written before it was measured.
    /// </summary>
    public ProbeCostAtStop? AtStop { get; init; }

    /// <summary>How long the calibration took, at the session's start.</summary>
    public long CalibrationNs { get; init; }

    /// <summary>Batches measured per class; each figure is the median of the batches' differences (probed less plain).</summary>
    public int Batches { get; init; }

    /// <summary>Calls per batch.</summary>
    public int CallsPerBatch { get; init; }
}

/// <summary>The calibration again at a session's stop (<see cref="ProbeCost.AtStop"/>).</summary>
public sealed record ProbeCostAtStop
{
    /// <summary>A synchronous call of a Lightweight probe, through loops compiled as the program's code.</summary>
    public required ProbeCostClass Lightweight { get; init; }

    /// <summary>How long the stop's measurement took (the loops' warm-up ran earlier, during the session).</summary>
    public long CalibrationNs { get; init; }

    /// <summary>Batches of the final measurement; each figure is the median of the batches' differences.</summary>
    public int Batches { get; init; }
}

/// <summary>Where one probe call's cost lands, in nanoseconds (fractions kept: a probe costs tens of ns, a report sums millions of calls).</summary>
public sealed record ProbeCostClass
{
    /// <summary>The part inside the call's own measured time (after the start timestamp, before the end one).</summary>
    public double InnerNs { get; init; }

    /// <summary>The whole enter+exit cost, all of which lands inside the caller's measured time.</summary>
    public double TotalNs { get; init; }

    /// <summary>The part the caller's self time keeps: <see cref="TotalNs"/> minus what the caller subtracts as the child's time.</summary>
    public double CallerSelfNs { get; init; }
}

/// <summary>The session's estimate of what its probes cost (see <see cref="ProbeCost"/>).</summary>
public sealed record ProbeOverhead
{
    /// <summary>Estimated time all probe calls of the session took, summed over threads.</summary>
    public long EstimatedNs { get; init; }

    /// <summary>
    /// <see cref="EstimatedNs"/> over the run's measured time: the larger of the session's duration and
    /// the sum of the call tree's roots (threads add up), so "probes cost ≈ 3.1% of this run".
    /// </summary>
    public double Share { get; init; }
}

/// <summary>
/// A probe that adaptive timing timed one call in N: its call count is exact, its times are scaled
/// estimates (<see cref="MethodStatistics.Sampling"/>).
/// </summary>
public sealed record SampledTiming
{
    /// <summary>Calls that were timed; the rest were only counted.</summary>
    public long TimedCalls { get; init; }

    /// <summary>Standard error of the scaled total time (<see cref="MethodStatistics.TotalNs"/>), from the timed calls.</summary>
    public long TotalStandardErrorNs { get; init; }
}
