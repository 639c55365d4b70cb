namespace Edm.Profiling;

/// <summary>
/// Checks what JSON types cannot: required parts present, counts and times not negative, ids unique
/// and resolvable, parallel arrays of equal length. Returns the first problem with its JSON path.
/// </summary>
internal static class SessionValidator
{
    internal static (string Path, string Problem)? Validate(SessionReport report)
    {
        if (string.IsNullOrEmpty(report.Name))
        {
            return ("$.name", "the session has no name");
        }

        if (report.Environment is null)
        {
            return ("$.environment", "the environment block is missing");
        }

        if (report.Settings is null)
        {
            return ("$.settings", "the settings block is missing");
        }

        if (report.DurationNs < 0)
        {
            return ("$.durationNs", $"duration is negative ({report.DurationNs})");
        }

        if (report.Probes is null || report.Methods is null || report.CallTree is null || report.Warnings is null)
        {
            return ("$", "probes, methods, callTree and warnings must be arrays, not null");
        }

        if (report.Interval is { } interval)
        {
            if (string.IsNullOrEmpty(interval.RunId))
            {
                return ("$.interval.runId", "an interval session has no run id");
            }

            if (interval.Index < 1)
            {
                return ("$.interval.index", $"the interval index must be 1 or more ({interval.Index})");
            }
        }

        HashSet<int> probeIds = IdSet(report.Probes.Count);
        for (int i = 0; i < report.Probes.Count; i++)
        {
            ProbeInfo? probe = report.Probes[i];
            if (probe is null)
            {
                return (At("probes", i), "a probe is null");
            }

            if (probe.Id < 0)
            {
                return (At("probes", i) + ".id", $"probe id is negative ({probe.Id})");
            }

            if (!probeIds.Add(probe.Id))
            {
                return (At("probes", i) + ".id", $"duplicate probe id {probe.Id}");
            }

            if (string.IsNullOrEmpty(probe.Name))
            {
                return (At("probes", i) + ".name", "a probe has no name");
            }

            for (int j = 0; j < (probe.UnprobedCallSites?.Count ?? 0); j++)
            {
                string at = $"{At("probes", i)}.unprobedCallSites[{j}]";
                if (probe.UnprobedCallSites![j] is not { } unprobed || string.IsNullOrEmpty(unprobed.Reason))
                {
                    return (at, "an unprobed call-site count has no reason");
                }

                if (unprobed.Sites <= 0)
                {
                    return (at + ".sites", $"sites must be positive ({unprobed.Sites})");
                }
            }
        }

        HashSet<int> methodIds = IdSet(report.Methods.Count);
        for (int i = 0; i < report.Methods.Count; i++)
        {
            if (report.Methods[i] is not { } m)
            {
                return (At("methods", i), "a method entry is null");
            }

            if (!probeIds.Contains(m.ProbeId))
            {
                return (At("methods", i) + ".probeId", $"probe id {m.ProbeId} is not among the probes");
            }

            if (!methodIds.Add(m.ProbeId))
            {
                return (At("methods", i) + ".probeId", $"duplicate entry for probe id {m.ProbeId}");
            }

            if (FirstNegative("methods", i, "", ("calls", m.Calls), ("faultedCalls", m.FaultedCalls), ("inclusiveNs", m.InclusiveNs), ("selfNs", m.SelfNs),
                    ("totalNs", m.TotalNs), ("minNs", m.MinNs), ("maxNs", m.MaxNs), ("meanNs", m.MeanNs), ("p50Ns", m.P50Ns), ("p90Ns", m.P90Ns), ("p99Ns", m.P99Ns)) is { } negative)
            {
                return negative;
            }

            if (m.FaultedCalls > m.Calls)
            {
                return (At("methods", i) + ".faultedCalls", $"more faulted calls ({m.FaultedCalls}) than calls ({m.Calls})");
            }

            if (m.MinNs > m.MaxNs)
            {
                return (At("methods", i) + ".minNs", $"minimum ({m.MinNs}) above maximum ({m.MaxNs})");
            }

            if (ValidateHistogram(i, m.Histogram) is { } histogramProblem)
            {
                return histogramProblem;
            }

            if (m.Samples is { } samples)
            {
                if (samples.DurationsNs is null || samples.Population < samples.DurationsNs.Count)
                {
                    return (At("methods", i) + ".samples", "the sample is larger than its population");
                }

                int negativeAt = IndexOfNegative(samples.DurationsNs);
                if (negativeAt >= 0)
                {
                    return ($"{At("methods", i)}.samples.durationsNs[{negativeAt}]", $"duration is negative ({samples.DurationsNs[negativeAt]})");
                }
            }

            if (m.Allocations is { } a && FirstNegative("methods", i, ".allocations", ("calls", a.Calls), ("allocatedBytes", a.AllocatedBytes), ("selfAllocatedBytes", a.SelfAllocatedBytes),
                    ("gen0Collections", a.Gen0Collections), ("gen1Collections", a.Gen1Collections), ("gen2Collections", a.Gen2Collections)) is { } negativeAllocation)
            {
                return negativeAllocation;
            }

            if (m.Cpu is { } cpu)
            {
                if (FirstNegative("methods", i, ".cpu", ("sampledCalls", cpu.SampledCalls), ("sampledWallNs", cpu.SampledWallNs), ("sampledCpuNs", cpu.SampledCpuNs)) is { } negativeCpu)
                {
                    return negativeCpu;
                }

                if (!(cpu.OffCpuShare is >= 0 and <= 1))
                {
                    return (At("methods", i) + ".cpu.offCpuShare", $"share must be within 0..1 ({cpu.OffCpuShare})");
                }
            }

            if (m.Io is { } io && FirstNegative("methods", i, ".io", ("calls", io.Calls), ("readBytes", io.ReadBytes), ("writeBytes", io.WriteBytes), ("readCalls", io.ReadCalls), ("writeCalls", io.WriteCalls)) is { } negativeIo)
            {
                return negativeIo;
            }

            if (m.HeapDelta is { } heapDelta && GcValidator.Validate(heapDelta, At("methods", i) + ".heapDelta") is { } badHeapDelta)
            {
                return badHeapDelta;
            }
        }

        HashSet<int> nodeIds = IdSet(report.CallTree.Count);
        for (int i = 0; i < report.CallTree.Count; i++)
        {
            if (report.CallTree[i] is not { } node)
            {
                return (At("callTree", i), "a call-tree node is null");
            }

            if (node.ParentId is { } parent && !nodeIds.Contains(parent))
            {
                return (At("callTree", i) + ".parentId", $"parent {parent} is not an earlier node");
            }

            if (!nodeIds.Add(node.Id))
            {
                return (At("callTree", i) + ".id", $"duplicate node id {node.Id}");
            }

            if (!probeIds.Contains(node.ProbeId))
            {
                return (At("callTree", i) + ".probeId", $"probe id {node.ProbeId} is not among the probes");
            }

            if (FirstNegative("callTree", i, "", ("calls", node.Calls), ("inclusiveNs", node.InclusiveNs), ("selfNs", node.SelfNs),
                    ("allocatedBytes", node.AllocatedBytes ?? 0), ("selfAllocatedBytes", node.SelfAllocatedBytes ?? 0)) is { } negativeNode)
            {
                return negativeNode;
            }
        }

        if (report.CpuSamples is { } cpuSamples && CpuSampleValidator.Validate(cpuSamples, nodeIds) is { } badSamples)
        {
            return badSamples;
        }

        if (report.AllocationSamples is { } allocations && AllocationSampleValidator.Validate(allocations, probeIds, nodeIds) is { } badAllocations)
        {
            return badAllocations;
        }

        if (report.Gc is { } gc && GcValidator.Validate(gc) is { } badGc)
        {
            return badGc;
        }

        return report.Timeline is { } timeline ? ValidateTimeline(timeline) : null;
    }

    private static (string, string)? ValidateHistogram(int method, Histogram? histogram)
    {
        string Path() => At("methods", method) + ".histogram";
        if (histogram is null || histogram.Buckets is null || histogram.Counts is null)
        {
            return (Path(), "the histogram is missing");
        }

        if (histogram.SubBucketBits != LatencyHistogram.SubBucketBits)
        {
            return (Path() + ".subBucketBits", $"unsupported histogram scheme ({histogram.SubBucketBits} sub-bucket bits; this reader knows {LatencyHistogram.SubBucketBits})");
        }

        if (histogram.Buckets.Count != histogram.Counts.Count)
        {
            return (Path() + ".counts", $"{histogram.Buckets.Count} buckets but {histogram.Counts.Count} counts");
        }

        for (int j = 0; j < histogram.Buckets.Count; j++)
        {
            if (histogram.Buckets[j] is < 0 or >= LatencyHistogram.BucketCount || (j > 0 && histogram.Buckets[j] <= histogram.Buckets[j - 1]))
            {
                return ($"{Path()}.buckets[{j}]", $"bucket index {histogram.Buckets[j]} is out of range or not ascending");
            }

            if (histogram.Counts[j] < 0)
            {
                return ($"{Path()}.counts[{j}]", $"count is negative ({histogram.Counts[j]})");
            }
        }

        return null;
    }

    private static (string, string)? ValidateTimeline(TimelineData timeline)
    {
        if (timeline.DroppedEvents < 0)
        {
            return ("$.timeline.droppedEvents", $"dropped events is negative ({timeline.DroppedEvents})");
        }

        for (int i = 0; i < (timeline.Threads?.Count ?? 0); i++)
        {
            string at = $"$.timeline.threads[{i}]";
            TimelineThread? thread = timeline.Threads![i];
            if (thread is null || thread.AtNs is null || thread.ProbeIds is null || thread.Kinds is null)
            {
                return (at, "a timeline thread is incomplete");
            }

            if (thread.AtNs.Count != thread.ProbeIds.Count || thread.AtNs.Count != thread.Kinds.Length)
            {
                return (at + ".kinds", "atNs, probeIds and kinds differ in length");
            }

            int bad = thread.Kinds.AsSpan().IndexOfAnyExcept('E', 'X');
            if (bad >= 0)
            {
                return (at + ".kinds", $"event kind '{thread.Kinds[bad]}' at {bad} is neither E nor X");
            }
        }

        return null;
    }

    /// <summary>A set sized for the ids it will hold, so a large session's sets do not grow by rehashing.</summary>
    private static HashSet<int> IdSet(int capacity) =>
#if NETSTANDARD2_0
        [];
#else
        new(capacity);
#endif

    /// <summary>The JSON path of an array element, built only for a message: a clean file builds none.</summary>
    private static string At(string array, int index) => $"$.{array}[{index}]";

    /// <summary>Index of the first negative value, or -1; vectorised for the arrays the reader makes.</summary>
    private static int IndexOfNegative(IReadOnlyList<long> values)
    {
        if (values is long[] array)
        {
            return array.AsSpan().IndexOfAnyInRange(long.MinValue, -1);
        }

        if (values is PackedDurationList)
        {
            // Checked as it was read; looking again would decode what a report may never use.
            return -1;
        }

        for (int j = 0; j < values.Count; j++)
        {
            if (values[j] < 0)
            {
                return j;
            }
        }

        return -1;
    }

    private static (string, string)? FirstNegative(string array, int index, string part, params ReadOnlySpan<(string Name, long Value)> fields)
    {
        foreach ((string name, long value) in fields)
        {
            if (value < 0)
            {
                return ($"{At(array, index)}{part}.{name}", $"{name} is negative ({value})");
            }
        }

        return null;
    }
}
