namespace Edm.Profiling;

/// <summary>
/// One thread's figures for one probe. Written only by the owning thread, read when a session
/// stops; every field is a 64-bit integer, so a reader never sees a torn value.
/// </summary>
internal sealed class ProbeSlot
{
    internal long Calls;
    internal long FaultedCalls;

    /// <summary>Inclusive ticks of outermost activations only, so recursion is not counted twice.</summary>
    internal long InclusiveTicks;
    internal long SelfTicks;

    /// <summary>Sum of every call's ticks, recursive activations included (for the mean).</summary>
    internal long SumTicks;
    internal long MinTicks = long.MaxValue;
    internal long MaxTicks;
    internal readonly long[] Histogram = new long[LatencyHistogram.BucketCount];

    // Detailed layer.
    internal long DetailedCalls;
    internal long AllocatedBytes;
    internal long SelfAllocatedBytes;
    internal bool AllocationsApproximate;
    internal long Gen0Collections;
    internal long Gen1Collections;
    internal long Gen2Collections;
    /// <summary>Detailed calls of this probe left before the next CPU clock reading (ThreadBuffer.Detailed.cs); 0 reads on the next.</summary>
    internal int CpuCountdown;
    internal long CpuSampledCalls;
    internal long CpuSampledWallTicks;
    internal long CpuSampledCpuNs;

    // Thread I/O of scopes.
    internal long IoSamples;
    internal long IoReadBytes;
    internal long IoWriteBytes;
    internal long IoReadCalls;
    internal long IoWriteCalls;

    // Managed heap and working set across Detailed scopes (MinHeapDelta/MaxHeapDelta valid once HeapSamples > 0).
    internal long HeapSamples;
    internal long HeapDeltaSum;
    internal long MinHeapDelta = long.MaxValue;
    internal long MaxHeapDelta = long.MinValue;
    internal long WorkingSetDeltaSum;

    // Adaptive timing (ThreadBuffer.Sampled.cs): calls counted without timing, and what the timed
    // calls that stand for them need for the scaled estimate and its error.
    internal int SlowStreak;

    /// <summary>The path (<see cref="CallPath.Index"/>) the last timed call credited its gap's untimed calls to; -1 before.</summary>
    internal int CreditedPath = -1;
    internal long SkippedCalls;
    internal long PendingWeight;
    internal long SampledTimedCalls;
    internal long SampledWeightPairs;
    internal double SampledSum;
    internal double SampledSumSquares;

    /// <summary>Uniform sample of per-call durations (Algorithm R), null unless the session asks.</summary>
    internal long[]? Reservoir;
    internal long ReservoirSeen;

    internal void RecordTiming(long elapsed, long self, bool outermost, bool faulted)
    {
        Calls++;
        if (faulted)
        {
            FaultedCalls++;
        }

        if (outermost)
        {
            InclusiveTicks += elapsed;
        }

        SelfTicks += self;
        SumTicks += elapsed;
        if (elapsed < MinTicks)
        {
            MinTicks = elapsed;
        }

        if (elapsed > MaxTicks)
        {
            MaxTicks = elapsed;
        }

        Histogram[LatencyHistogram.IndexOf(elapsed)]++;
    }

    /// <summary>
    /// Records a timed call of a sampled probe that stands for <paramref name="weight"/> calls: itself and
    /// the untimed calls of the gap it drew (credited when it began). Its own call is counted here.
    /// </summary>
    internal void RecordWeighted(long elapsed, long self, bool outermost, bool faulted, long weight)
    {
        Calls++;
        if (faulted)
        {
            FaultedCalls++;
        }

        if (outermost)
        {
            InclusiveTicks += elapsed * weight;
        }

        SelfTicks += self * weight;
        SumTicks += elapsed * weight;
        MinTicks = Math.Min(MinTicks, elapsed);
        MaxTicks = Math.Max(MaxTicks, elapsed);
        Histogram[LatencyHistogram.IndexOf(elapsed)] += weight;
        PendingWeight -= weight - 1;
        SampledTimedCalls++;
        SampledWeightPairs += weight * (weight - 1);
        SampledSum += elapsed;
        SampledSumSquares += (double)elapsed * elapsed;
    }

    /// <summary>Adds another thread's figures for the same probe (the reservoir is merged apart, by <see cref="SessionReportBuilder"/>).</summary>
    internal void Add(ProbeSlot other)
    {
        Calls += other.Calls;
        FaultedCalls += other.FaultedCalls;
        InclusiveTicks += other.InclusiveTicks;
        SelfTicks += other.SelfTicks;
        SumTicks += other.SumTicks;
        MinTicks = Math.Min(MinTicks, other.MinTicks);
        MaxTicks = Math.Max(MaxTicks, other.MaxTicks);
        for (int i = 0; i < other.Histogram.Length; i++)
        {
            Histogram[i] += other.Histogram[i];
        }

        DetailedCalls += other.DetailedCalls;
        AllocatedBytes += other.AllocatedBytes;
        SelfAllocatedBytes += other.SelfAllocatedBytes;
        AllocationsApproximate |= other.AllocationsApproximate;
        Gen0Collections += other.Gen0Collections;
        Gen1Collections += other.Gen1Collections;
        Gen2Collections += other.Gen2Collections;
        CpuSampledCalls += other.CpuSampledCalls;
        CpuSampledWallTicks += other.CpuSampledWallTicks;
        CpuSampledCpuNs += other.CpuSampledCpuNs;
        IoSamples += other.IoSamples;
        IoReadBytes += other.IoReadBytes;
        IoWriteBytes += other.IoWriteBytes;
        IoReadCalls += other.IoReadCalls;
        IoWriteCalls += other.IoWriteCalls;
        HeapSamples += other.HeapSamples;
        HeapDeltaSum += other.HeapDeltaSum;
        MinHeapDelta = Math.Min(MinHeapDelta, other.MinHeapDelta);
        MaxHeapDelta = Math.Max(MaxHeapDelta, other.MaxHeapDelta);
        WorkingSetDeltaSum += other.WorkingSetDeltaSum;
        SkippedCalls += other.SkippedCalls;
        PendingWeight += other.PendingWeight;
        SampledTimedCalls += other.SampledTimedCalls;
        SampledWeightPairs += other.SampledWeightPairs;
        SampledSum += other.SampledSum;
        SampledSumSquares += other.SampledSumSquares;
    }

    internal void RecordSample(long elapsed, ref ulong random)
    {
        long[] reservoir = Reservoir!;
        long seen = ++ReservoirSeen;
        if (seen <= reservoir.Length)
        {
            reservoir[seen - 1] = elapsed;
            return;
        }

        // Keep each of the `seen` values with probability size/seen.
        long slot = (long)Math.BigMul(NextRandom(ref random), (ulong)seen, out _);
        if (slot < reservoir.Length)
        {
            reservoir[slot] = elapsed;
        }
    }

    /// <summary>xorshift64*: a few cycles, and a thread's own state, so no shared line is touched.</summary>
    internal static ulong NextRandom(ref ulong state)
    {
        ulong x = state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state = x;
        return x * 0x2545F4914F6CDD1DUL;
    }
}
