namespace Edm.Profiling;

/// <summary>
/// Splits a running session into intervals without touching the probes: at each cut the thread buffers
/// are copied, and an interval's figures are this copy minus the previous one, slot by slot (calls,
/// times, histogram, bytes…). A call still running at a cut is in no copy yet, so it falls in the
/// interval in which it completes. The copies advance only when the interval is committed (written),
/// so an interval that could not be written is counted in the next one.
/// </summary>
/// <remarks>
/// A slot being written while it is copied may be a call behind in some fields; the next interval has
/// the difference, so the intervals of a run always add up to the whole. Of the figures that do not
/// subtract, an interval's shortest and longest call are read from its histogram (within 1/32), and its
/// duration sample is what the thread's reservoir took in during the interval: each of the interval's
/// calls is in it with the same probability, the reservoir's size over the calls so far.
/// </remarks>
internal sealed class IntervalCut
{
    private Dictionary<ThreadBuffer, Copy> _committed = new();

    /// <summary>Figures of one buffer at a cut.</summary>
    internal sealed record Copy(ProbeSlot?[] Probes, PathSlot?[] Paths);

    /// <summary>
    /// The interval from the last committed cut to now, as detached buffers for <see cref="SessionReportBuilder"/>,
    /// and the copies to commit once it is written.
    /// </summary>
    internal (List<ThreadBuffer> Interval, Dictionary<ThreadBuffer, Copy> Copies) Take(IReadOnlyList<ThreadBuffer> buffers)
    {
        var interval = new List<ThreadBuffer>(buffers.Count);
        var copies = new Dictionary<ThreadBuffer, Copy>();
        foreach (ThreadBuffer buffer in buffers)
        {
            Copy now = CopyOf(buffer);
            copies[buffer] = now;
            Copy? before = _committed.GetValueOrDefault(buffer);
            interval.Add(new ThreadBuffer(buffer, Subtract(now.Probes, before?.Probes), SubtractPaths(now.Paths, before?.Paths)));
        }

        return (interval, copies);
    }

    /// <summary>The interval was written: the next starts from these copies.</summary>
    internal void Commit(Dictionary<ThreadBuffer, Copy> copies) => _committed = copies;

    private static Copy CopyOf(ThreadBuffer buffer)
    {
        // Settled: without the untimed calls adaptive timing credited ahead of time (ThreadBuffer.Sampled.cs).
        var probeCopies = new ProbeSlot?[buffer.Probes.Length];
        for (int i = 0; i < probeCopies.Length; i++)
        {
            if (buffer.SettledProbe(i) is { } slot)
            {
                probeCopies[i] = CopyOf(slot);
            }
        }

        var pathCopies = new PathSlot?[buffer.Paths.Length];
        for (int i = 0; i < pathCopies.Length; i++)
        {
            if (buffer.SettledPath(i) is { } slot)
            {
                pathCopies[i] = new PathSlot(slot.Probe)
                {
                    Calls = slot.Calls,
                    InclusiveTicks = slot.InclusiveTicks,
                    SelfTicks = slot.SelfTicks,
                    AllocatedBytes = slot.AllocatedBytes,
                    SelfAllocatedBytes = slot.SelfAllocatedBytes,
                    SkippedCalls = slot.SkippedCalls,
                    PendingWeight = slot.PendingWeight,
                };
            }
        }

        return new Copy(probeCopies, pathCopies);
    }

    private static ProbeSlot CopyOf(ProbeSlot slot)
    {
        // Calls first: a call being recorded meanwhile then shows in the histogram or times, not only in the count.
        long seen = slot.ReservoirSeen;
        var copy = new ProbeSlot();
        copy.Add(slot);
        copy.MinTicks = slot.MinTicks;
        copy.MaxTicks = slot.MaxTicks;
        if (slot.Reservoir is { } reservoir)
        {
            copy.Reservoir = (long[])reservoir.Clone();
            copy.ReservoirSeen = seen;
        }

        return copy;
    }

    private static ProbeSlot?[] Subtract(ProbeSlot?[] now, ProbeSlot?[]? before)
    {
        var result = new ProbeSlot?[now.Length];
        for (int i = 0; i < now.Length; i++)
        {
            if (now[i] is { } slot)
            {
                ProbeSlot? earlier = before is not null && i < before.Length ? before[i] : null;
                ProbeSlot delta = earlier is null ? slot : Subtract(slot, earlier);
                result[i] = delta.Calls > 0 ? delta : null;
            }
        }

        return result;
    }

    private static PathSlot?[] SubtractPaths(PathSlot?[] now, PathSlot?[]? before)
    {
        var result = new PathSlot?[now.Length];
        for (int i = 0; i < now.Length; i++)
        {
            if (now[i] is not { } slot)
            {
                continue;
            }

            PathSlot? earlier = before is not null && i < before.Length ? before[i] : null;
            PathSlot delta = earlier is null ? slot : new PathSlot(slot.Probe)
            {
                Calls = slot.Calls - earlier.Calls,
                InclusiveTicks = slot.InclusiveTicks - earlier.InclusiveTicks,
                SelfTicks = slot.SelfTicks - earlier.SelfTicks,
                AllocatedBytes = slot.AllocatedBytes - earlier.AllocatedBytes,
                SelfAllocatedBytes = slot.SelfAllocatedBytes - earlier.SelfAllocatedBytes,
                SkippedCalls = slot.SkippedCalls - earlier.SkippedCalls,
                PendingWeight = slot.PendingWeight - earlier.PendingWeight,
            };

            // A node with no call completed in the interval is left out; the builder keeps its ancestors.
            result[i] = delta.Calls > 0 ? delta : null;
        }

        return result;
    }

    private static ProbeSlot Subtract(ProbeSlot now, ProbeSlot before)
    {
        var d = new ProbeSlot
        {
            Calls = now.Calls - before.Calls,
            FaultedCalls = now.FaultedCalls - before.FaultedCalls,
            InclusiveTicks = now.InclusiveTicks - before.InclusiveTicks,
            SelfTicks = now.SelfTicks - before.SelfTicks,
            SumTicks = now.SumTicks - before.SumTicks,
            DetailedCalls = now.DetailedCalls - before.DetailedCalls,
            AllocatedBytes = now.AllocatedBytes - before.AllocatedBytes,
            SelfAllocatedBytes = now.SelfAllocatedBytes - before.SelfAllocatedBytes,
            AllocationsApproximate = now.AllocationsApproximate,
            Gen0Collections = now.Gen0Collections - before.Gen0Collections,
            Gen1Collections = now.Gen1Collections - before.Gen1Collections,
            Gen2Collections = now.Gen2Collections - before.Gen2Collections,
            CpuSampledCalls = now.CpuSampledCalls - before.CpuSampledCalls,
            CpuSampledWallTicks = now.CpuSampledWallTicks - before.CpuSampledWallTicks,
            CpuSampledCpuNs = now.CpuSampledCpuNs - before.CpuSampledCpuNs,
            IoSamples = now.IoSamples - before.IoSamples,
            IoReadBytes = now.IoReadBytes - before.IoReadBytes,
            IoWriteBytes = now.IoWriteBytes - before.IoWriteBytes,
            IoReadCalls = now.IoReadCalls - before.IoReadCalls,
            IoWriteCalls = now.IoWriteCalls - before.IoWriteCalls,
            SkippedCalls = now.SkippedCalls - before.SkippedCalls,
            PendingWeight = now.PendingWeight - before.PendingWeight,
            SampledTimedCalls = now.SampledTimedCalls - before.SampledTimedCalls,
            SampledWeightPairs = now.SampledWeightPairs - before.SampledWeightPairs,
            SampledSum = now.SampledSum - before.SampledSum,
            SampledSumSquares = now.SampledSumSquares - before.SampledSumSquares,
        };

        int first = -1, last = -1;
        for (int i = 0; i < d.Histogram.Length; i++)
        {
            long n = d.Histogram[i] = now.Histogram[i] - before.Histogram[i];
            if (n > 0)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (first >= 0)
        {
            d.MinTicks = Math.Clamp(LatencyHistogram.LowerBound(first), now.MinTicks, now.MaxTicks);
            d.MaxTicks = Math.Clamp(LatencyHistogram.UpperBound(last) - 1, now.MinTicks, now.MaxTicks);
        }

        if (now.Reservoir is { } reservoir)
        {
            (d.Reservoir, d.ReservoirSeen) = NewSamples(reservoir, now.ReservoirSeen, before.Reservoir, before.ReservoirSeen);
        }

        return d;
    }

    /// <summary>
    /// The reservoir's entries taken in since the earlier copy: places filled since, and places whose value
    /// changed (a replacement by an equal value is missed, a negligible loss). The population is the calls
    /// the reservoir saw meanwhile.
    /// </summary>
    private static (long[]? Values, long Population) NewSamples(long[] now, long seenNow, long[]? before, long seenBefore)
    {
        long population = seenNow - seenBefore;
        if (population <= 0)
        {
            return (null, 0);
        }

        var taken = new List<long>();
        int filledNow = (int)Math.Min(seenNow, now.Length);
        int filledBefore = (int)Math.Min(seenBefore, now.Length);
        for (int i = 0; i < filledNow; i++)
        {
            if (i >= filledBefore || before is null || now[i] != before[i])
            {
                taken.Add(now[i]);
            }
        }

        return taken.Count == 0 ? (null, 0) : ([.. taken], population);
    }
}
