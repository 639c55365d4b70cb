namespace Edm.Profiling;

/// <summary>The options a session ran with, as recorded in its report.</summary>
public sealed record SessionSettings
{
    /// <summary>The layer cap the session recorded under: the lower of <c>EDM_PROFILING_LAYER</c> and <see cref="SessionOptions.MaxLayer"/>.</summary>
    public Layer MaxLayer { get; init; }

    /// <summary>Thread CPU time was read on one Detailed call in this many, per thread.</summary>
    public int CpuSampleInterval { get; init; }

    /// <summary>Size of each probe's reservoir of per-call durations; 0 when none was kept.</summary>
    public int SampleReservoirSize { get; init; }

    /// <summary>Whether enter/exit events were recorded.</summary>
    public bool RecordTimeline { get; init; }

    /// <summary>Cap on timeline events across all threads.</summary>
    public long TimelineCapacity { get; init; }

    /// <summary>Frequency of the timestamps the probes read, in ticks per second.</summary>
    public long TimestampFrequency { get; init; }

    /// <summary>The probe's own cost, measured when the session started; null when not calibrated (files before 1.2, disabled sessions).</summary>
    public ProbeCost? ProbeCost { get; init; }

    /// <summary>
    /// The budget adaptive timing kept hot tiny methods under, in nanoseconds of probe cost per call;
    /// null when adaptive timing was off (<see cref="SessionOptions.AdaptiveTiming"/>).
    /// </summary>
    public double? AdaptiveTimingBudgetNs { get; init; }
}
