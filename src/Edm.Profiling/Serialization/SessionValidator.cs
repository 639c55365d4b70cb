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

        var probeIds = new HashSet<int>();
        for (int i = 0; i < report.Probes.Count; i++)
        {
            ProbeInfo? probe = report.Probes[i];
            string at = $"$.probes[{i}]";
            if (probe is null)
            {
                return (at, "a probe is null");
            }

            if (probe.Id < 0)
            {
                return (at + ".id", $"probe id is negative ({probe.Id})");
            }

            if (!probeIds.Add(probe.Id))
            {
                return (at + ".id", $"duplicate probe id {probe.Id}");
            }

            if (string.IsNullOrEmpty(probe.Name))
            {
                return (at + ".name", "a probe has no name");
            }
        }

        var methodIds = new HashSet<int>();
        for (int i = 0; i < report.Methods.Count; i++)
        {
            string at = $"$.methods[{i}]";
            if (report.Methods[i] is not { } m)
            {
                return (at, "a method entry is null");
            }

            if (!probeIds.Contains(m.ProbeId))
            {
                return (at + ".probeId", $"probe id {m.ProbeId} is not among the probes");
            }

            if (!methodIds.Add(m.ProbeId))
            {
                return (at + ".probeId", $"duplicate entry for probe id {m.ProbeId}");
            }

            if (FirstNegative(at, ("calls", m.Calls), ("faultedCalls", m.FaultedCalls), ("inclusiveNs", m.InclusiveNs), ("selfNs", m.SelfNs),
                    ("totalNs", m.TotalNs), ("minNs", m.MinNs), ("maxNs", m.MaxNs), ("meanNs", m.MeanNs), ("p50Ns", m.P50Ns), ("p90Ns", m.P90Ns), ("p99Ns", m.P99Ns)) is { } negative)
            {
                return negative;
            }

            if (m.FaultedCalls > m.Calls)
            {
                return (at + ".faultedCalls", $"more faulted calls ({m.FaultedCalls}) than calls ({m.Calls})");
            }

            if (m.MinNs > m.MaxNs)
            {
                return (at + ".minNs", $"minimum ({m.MinNs}) above maximum ({m.MaxNs})");
            }

            if (ValidateHistogram(at + ".histogram", m.Histogram) is { } histogramProblem)
            {
                return histogramProblem;
            }

            if (m.Samples is { } samples)
            {
                if (samples.DurationsNs is null || samples.Population < samples.DurationsNs.Count)
                {
                    return (at + ".samples", "the sample is larger than its population");
                }

                for (int j = 0; j < samples.DurationsNs.Count; j++)
                {
                    if (samples.DurationsNs[j] < 0)
                    {
                        return ($"{at}.samples.durationsNs[{j}]", $"duration is negative ({samples.DurationsNs[j]})");
                    }
                }
            }

            if (m.Allocations is { } a && FirstNegative(at + ".allocations", ("calls", a.Calls), ("allocatedBytes", a.AllocatedBytes), ("selfAllocatedBytes", a.SelfAllocatedBytes),
                    ("gen0Collections", a.Gen0Collections), ("gen1Collections", a.Gen1Collections), ("gen2Collections", a.Gen2Collections)) is { } negativeAllocation)
            {
                return negativeAllocation;
            }

            if (m.Cpu is { } cpu)
            {
                if (FirstNegative(at + ".cpu", ("sampledCalls", cpu.SampledCalls), ("sampledWallNs", cpu.SampledWallNs), ("sampledCpuNs", cpu.SampledCpuNs)) is { } negativeCpu)
                {
                    return negativeCpu;
                }

                if (!(cpu.OffCpuShare is >= 0 and <= 1))
                {
                    return (at + ".cpu.offCpuShare", $"share must be within 0..1 ({cpu.OffCpuShare})");
                }
            }

            if (m.Io is { } io && FirstNegative(at + ".io", ("calls", io.Calls), ("readBytes", io.ReadBytes), ("writeBytes", io.WriteBytes), ("readCalls", io.ReadCalls), ("writeCalls", io.WriteCalls)) is { } negativeIo)
            {
                return negativeIo;
            }
        }

        var nodeIds = new HashSet<int>();
        for (int i = 0; i < report.CallTree.Count; i++)
        {
            string at = $"$.callTree[{i}]";
            if (report.CallTree[i] is not { } node)
            {
                return (at, "a call-tree node is null");
            }

            if (node.ParentId is { } parent && !nodeIds.Contains(parent))
            {
                return (at + ".parentId", $"parent {parent} is not an earlier node");
            }

            if (!nodeIds.Add(node.Id))
            {
                return (at + ".id", $"duplicate node id {node.Id}");
            }

            if (!probeIds.Contains(node.ProbeId))
            {
                return (at + ".probeId", $"probe id {node.ProbeId} is not among the probes");
            }

            if (FirstNegative(at, ("calls", node.Calls), ("inclusiveNs", node.InclusiveNs), ("selfNs", node.SelfNs),
                    ("allocatedBytes", node.AllocatedBytes ?? 0), ("selfAllocatedBytes", node.SelfAllocatedBytes ?? 0)) is { } negativeNode)
            {
                return negativeNode;
            }
        }

        return report.Timeline is { } timeline ? ValidateTimeline(timeline) : null;
    }

    private static (string, string)? ValidateHistogram(string at, Histogram? histogram)
    {
        if (histogram is null || histogram.Buckets is null || histogram.Counts is null)
        {
            return (at, "the histogram is missing");
        }

        if (histogram.SubBucketBits != LatencyHistogram.SubBucketBits)
        {
            return (at + ".subBucketBits", $"unsupported histogram scheme ({histogram.SubBucketBits} sub-bucket bits; this reader knows {LatencyHistogram.SubBucketBits})");
        }

        if (histogram.Buckets.Count != histogram.Counts.Count)
        {
            return (at + ".counts", $"{histogram.Buckets.Count} buckets but {histogram.Counts.Count} counts");
        }

        for (int j = 0; j < histogram.Buckets.Count; j++)
        {
            if (histogram.Buckets[j] is < 0 or >= LatencyHistogram.BucketCount || (j > 0 && histogram.Buckets[j] <= histogram.Buckets[j - 1]))
            {
                return ($"{at}.buckets[{j}]", $"bucket index {histogram.Buckets[j]} is out of range or not ascending");
            }

            if (histogram.Counts[j] < 0)
            {
                return ($"{at}.counts[{j}]", $"count is negative ({histogram.Counts[j]})");
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

    private static (string, string)? FirstNegative(string at, params (string Name, long Value)[] fields)
    {
        foreach ((string name, long value) in fields)
        {
            if (value < 0)
            {
                return ($"{at}.{name}", $"{name} is negative ({value})");
            }
        }

        return null;
    }
}
