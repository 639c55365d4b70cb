namespace Edm.Profiling;

/// <summary>What one probe measured over a session, merged across threads.</summary>
public sealed record MethodStatistics
{
    /// <summary>The probe, by <see cref="ProbeInfo.Id"/>.</summary>
    public int ProbeId { get; init; }

    /// <summary>Completed calls (async: completed tasks; iterators: enumerations).</summary>
    public long Calls { get; init; }

    /// <summary>Calls that ended with an exception (including cancellation of a task).</summary>
    public long FaultedCalls { get; init; }

    /// <summary>Wall time inside the method including profiled callees; a recursive activation is counted once, in its outermost call.</summary>
    public long InclusiveNs { get; init; }

    /// <summary>Wall time inside the method minus time inside profiled callees.</summary>
    public long SelfNs { get; init; }

    /// <summary>Sum of every call's duration, recursive activations included; <see cref="MeanNs"/> is this over <see cref="Calls"/>.</summary>
    public long TotalNs { get; init; }

    /// <summary>Shortest call.</summary>
    public long MinNs { get; init; }

    /// <summary>Longest call.</summary>
    public long MaxNs { get; init; }

    /// <summary>Mean call duration.</summary>
    public long MeanNs { get; init; }

    /// <summary>Median call duration, from the histogram.</summary>
    public long P50Ns { get; init; }

    /// <summary>90th percentile call duration, from the histogram.</summary>
    public long P90Ns { get; init; }

    /// <summary>99th percentile call duration, from the histogram.</summary>
    public long P99Ns { get; init; }

    /// <summary>Distribution of call durations.</summary>
    public required Histogram Histogram { get; init; }

    /// <summary>A uniform sample of call durations, when the session kept one (<see cref="SessionOptions.SampleReservoirSize"/>).</summary>
    public DurationSample? Samples { get; init; }

    /// <summary>Allocation and GC figures; present for Detailed probes.</summary>
    public AllocationStatistics? Allocations { get; init; }

    /// <summary>Sampled thread CPU time; present for Detailed probes once a call was sampled.</summary>
    public CpuStatistics? Cpu { get; init; }

    /// <summary>Thread I/O during the calls; present for scopes that counted it.</summary>
    public IoStatistics? Io { get; init; }

    /// <summary><see cref="InclusiveNs"/> minus the estimated cost of the probes inside it (never below zero); null when the session was not calibrated.</summary>
    public long? CompensatedInclusiveNs { get; init; }

    /// <summary><see cref="SelfNs"/> minus the estimated cost of this probe and of its children's probes (never below zero); null when not calibrated.</summary>
    public long? CompensatedSelfNs { get; init; }

    /// <summary>Estimated cost of this method's own probe over all its calls; null when not calibrated.</summary>
    public long? ProbeOverheadNs { get; init; }

    /// <summary>Present when adaptive timing timed only some calls: the times above are then scaled estimates.</summary>
    public SampledTiming? Sampling { get; init; }

    /// <summary>Managed heap and working set change across the calls, for Detailed scopes.</summary>
    public HeapDeltaStatistics? HeapDelta { get; init; }

    /// <inheritdoc />
    public bool Equals(MethodStatistics? other) =>
        other is not null
        && ProbeId == other.ProbeId && Calls == other.Calls && FaultedCalls == other.FaultedCalls
        && InclusiveNs == other.InclusiveNs && SelfNs == other.SelfNs && TotalNs == other.TotalNs
        && MinNs == other.MinNs && MaxNs == other.MaxNs && MeanNs == other.MeanNs
        && P50Ns == other.P50Ns && P90Ns == other.P90Ns && P99Ns == other.P99Ns
        && Histogram == other.Histogram && Samples == other.Samples
        && Allocations == other.Allocations && Cpu == other.Cpu && Io == other.Io
        && CompensatedInclusiveNs == other.CompensatedInclusiveNs && CompensatedSelfNs == other.CompensatedSelfNs
        && ProbeOverheadNs == other.ProbeOverheadNs && Sampling == other.Sampling && HeapDelta == other.HeapDelta;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ProbeId, Calls, InclusiveNs, SelfNs, MaxNs);
}

/// <summary>
/// A log-linear histogram of durations in nanoseconds: bucket <c>i</c> below 32 holds exactly
/// <c>i</c> ns; above, each power of two is split in 32 equal buckets (docs/session-format.md).
/// Only non-empty buckets are listed.
/// </summary>
public sealed record Histogram
{
    /// <summary>Sub-bucket bits of the scheme (5: 32 buckets per power of two).</summary>
    public int SubBucketBits { get; init; } = LatencyHistogram.SubBucketBits;

    /// <summary>Indexes of the non-empty buckets, ascending.</summary>
    public IReadOnlyList<int> Buckets { get; init; } = [];

    /// <summary>Count of each listed bucket.</summary>
    public IReadOnlyList<long> Counts { get; init; } = [];

    /// <summary>Lower bound in nanoseconds of bucket <paramref name="index"/>.</summary>
    public static long LowerBoundNs(int index) => LatencyHistogram.LowerBound(index);

    /// <summary>Exclusive upper bound in nanoseconds of bucket <paramref name="index"/>.</summary>
    public static long UpperBoundNs(int index) => LatencyHistogram.UpperBound(index);

    /// <summary>The bucket a duration of <paramref name="ns"/> nanoseconds falls in.</summary>
    public static int BucketOf(long ns) => LatencyHistogram.IndexOf(ns);

    /// <summary>The histogram of the given durations in nanoseconds, for reports built from other sources.</summary>
    public static Histogram Of(IEnumerable<long> durationsNs)
    {
        ArgumentNullException.ThrowIfNull(durationsNs);
        var counts = new SortedDictionary<int, long>();
        foreach (long ns in durationsNs)
        {
            int bucket = LatencyHistogram.IndexOf(ns);
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
        }

        return new Histogram { Buckets = [.. counts.Keys], Counts = [.. counts.Values] };
    }

    /// <inheritdoc />
    public bool Equals(Histogram? other) =>
        other is not null && SubBucketBits == other.SubBucketBits
        && ListEquality.Equal(Buckets, other.Buckets) && ListEquality.Equal(Counts, other.Counts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SubBucketBits, ListEquality.Hash(Buckets), ListEquality.Hash(Counts));
}

/// <summary>A uniform random sample of call durations (reservoir sampling), for rank tests.</summary>
public sealed record DurationSample
{
    /// <summary>How many calls the sample was drawn from.</summary>
    public long Population { get; init; }

    /// <summary>The sampled durations in nanoseconds, in no particular order (the runtime writes them ascending).</summary>
    public IReadOnlyList<long> DurationsNs { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(DurationSample? other) =>
        other is not null && Population == other.Population && ListEquality.Equal(DurationsNs, other.DurationsNs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Population, ListEquality.Hash(DurationsNs));
}

/// <summary>Allocations and collections during a Detailed probe's calls.</summary>
public sealed record AllocationStatistics
{
    /// <summary>Calls these figures cover (a layer cap at run time can make it fewer than all calls).</summary>
    public long Calls { get; init; }

    /// <summary>Bytes allocated during the calls, callees included.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Bytes allocated during the calls minus those of Detailed profiled callees.</summary>
    public long SelfAllocatedBytes { get; init; }

    /// <summary>True when part of the work ran on threads the probe could not follow (async code).</summary>
    public bool Approximate { get; init; }

    /// <summary>Generation 0 collections that happened during the calls (process-wide).</summary>
    public long Gen0Collections { get; init; }

    /// <summary>Generation 1 collections during the calls.</summary>
    public long Gen1Collections { get; init; }

    /// <summary>Generation 2 collections during the calls.</summary>
    public long Gen2Collections { get; init; }
}

/// <summary>Thread CPU time on the sampled calls, and the off-CPU share it implies.</summary>
public sealed record CpuStatistics
{
    /// <summary>Calls on which the thread CPU clock was read.</summary>
    public long SampledCalls { get; init; }

    /// <summary>Wall time of the sampled calls.</summary>
    public long SampledWallNs { get; init; }

    /// <summary>Thread CPU time of the sampled calls.</summary>
    public long SampledCpuNs { get; init; }

    /// <summary>Estimated share of wall time spent off CPU (waiting, I/O, preempted): 1 − cpu/wall, in 0..1.</summary>
    public double OffCpuShare { get; init; }
}

/// <summary>Thread I/O counted over a scope's calls (Linux <c>/proc/thread-self/io</c>).</summary>
public sealed record IoStatistics
{
    /// <summary>Calls the figures cover.</summary>
    public long Calls { get; init; }

    /// <summary>Bytes passed to read system calls (page cache included).</summary>
    public long ReadBytes { get; init; }

    /// <summary>Bytes passed to write system calls.</summary>
    public long WriteBytes { get; init; }

    /// <summary>Read system calls.</summary>
    public long ReadCalls { get; init; }

    /// <summary>Write system calls.</summary>
    public long WriteCalls { get; init; }
}
