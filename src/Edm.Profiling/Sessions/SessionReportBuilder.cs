namespace Edm.Profiling;

/// <summary>
/// Merges the thread buffers of a stopped session into a <see cref="SessionReport"/>: sums per probe
/// and per call path, converts ticks to nanoseconds, reads percentiles off the merged histograms.
/// </summary>
internal sealed class SessionReportBuilder
{
    private readonly long _frequency;
    private readonly long _startTicks;
    private readonly ProbeDescriptor[] _descriptors = ProbeRegistry.Snapshot();

    internal SessionReportBuilder(long frequency, long startTicks)
    {
        _frequency = frequency;
        _startTicks = startTicks;
    }

    /// <summary>
    /// Most durations a merged sample keeps (the session's reservoir size); 0 takes the first thread's
    /// reservoir length, which is that size when the buffers are whole rather than an interval's share.
    /// </summary>
    internal int SampleCapacity { get; init; }

    private long Ns(long ticks) => ProbeClock.ToNanoseconds(ticks, _frequency);

    internal (IReadOnlyList<ProbeInfo> Probes, IReadOnlyList<MethodStatistics> Methods, IReadOnlyList<CallTreeNode> Tree, TimelineData? Timeline)
        Build(IReadOnlyList<ThreadBuffer> buffers, bool timeline)
    {
        var probes = new List<ProbeInfo>(_descriptors.Length);
        for (int id = 0; id < _descriptors.Length; id++)
        {
            ProbeDescriptor d = _descriptors[id];
            if (ProbeCalibration.IsOwn(d.Name))
            {
                continue; // the calibration's probes record in an epoch of their own
            }

            probes.Add(new ProbeInfo
            {
                Id = id,
                Name = d.Name,
                DeclaringType = d.DeclaringType,
                Signature = d.Signature,
                File = d.File,
                Line = d.Line,
                Layer = d.Layer,
                Category = d.Category,
                Kind = d.Kind,
                UnprobedCallSites = UnprobedSiteCounts.ToList(d.UnprobedCallSites),
            });
        }

        List<CallTreeNode> tree = BuildTree(buffers, out long[] selfCorrections);
        return (probes, BuildMethods(buffers, selfCorrections), tree, timeline ? BuildTimeline(buffers) : null);
    }

    private List<MethodStatistics> BuildMethods(IReadOnlyList<ThreadBuffer> buffers, long[] selfCorrections)
    {
        var methods = new List<MethodStatistics>();
        for (int id = 0; id < _descriptors.Length; id++)
        {
            var merged = new ProbeSlot();
            var reservoirs = new List<(long[] Values, long Population)>();
            bool any = false;
            foreach (ThreadBuffer buffer in buffers)
            {
                if (buffer.SettledProbe(id) is { Calls: > 0 } slot)
                {
                    any = true;
                    merged.Add(slot);
                    if (slot.Reservoir is { } values)
                    {
                        reservoirs.Add((values, slot.ReservoirSeen));
                    }
                }
            }

            if (any)
            {
                merged.SelfTicks = Math.Max(0, merged.SelfTicks - (id < selfCorrections.Length ? selfCorrections[id] : 0));
                methods.Add(ToStatistics(id, merged, reservoirs));
            }
        }

        return methods;
    }

    private MethodStatistics ToStatistics(int id, ProbeSlot s, List<(long[] Values, long Population)> reservoirs)
    {
        SampledTiming? sampling = s.SkippedCalls > 0 ? SampledEstimates.Scale(s, _frequency) : null;
        // Re-bucket in nanoseconds: identity where the timestamp frequency is 1 GHz (Linux, macOS).
        long[] histogram = new long[LatencyHistogram.BucketCount];
        for (int i = 0; i < s.Histogram.Length; i++)
        {
            if (s.Histogram[i] != 0)
            {
                long mid = (LatencyHistogram.LowerBound(i) + LatencyHistogram.UpperBound(i) - 1) / 2;
                histogram[LatencyHistogram.IndexOf(_frequency == 1_000_000_000 ? LatencyHistogram.LowerBound(i) : Ns(mid))] += s.Histogram[i];
            }
        }

        long min = Ns(s.MinTicks), max = Ns(s.MaxTicks);
        var buckets = new List<int>();
        var counts = new List<long>();
        for (int i = 0; i < histogram.Length; i++)
        {
            if (histogram[i] != 0)
            {
                buckets.Add(i);
                counts.Add(histogram[i]);
            }
        }

        return new MethodStatistics
        {
            ProbeId = id,
            Calls = s.Calls,
            FaultedCalls = s.FaultedCalls,
            InclusiveNs = Ns(s.InclusiveTicks),
            SelfNs = Ns(s.SelfTicks),
            TotalNs = Ns(s.SumTicks),
            MinNs = min,
            MaxNs = max,
            MeanNs = Ns(s.SumTicks) / s.Calls,
            P50Ns = LatencyHistogram.ValueAt(histogram, counts.Sum(), 0.50, min, max),
            P90Ns = LatencyHistogram.ValueAt(histogram, counts.Sum(), 0.90, min, max),
            P99Ns = LatencyHistogram.ValueAt(histogram, counts.Sum(), 0.99, min, max),
            Sampling = sampling,
            Histogram = new Histogram { Buckets = buckets, Counts = counts },
            Samples = reservoirs.Count == 0 ? null : MergeReservoirs(reservoirs, id),
            Allocations = s.DetailedCalls == 0 ? null : new AllocationStatistics
            {
                Calls = s.DetailedCalls,
                AllocatedBytes = s.AllocatedBytes,
                SelfAllocatedBytes = s.SelfAllocatedBytes,
                Approximate = s.AllocationsApproximate,
                Gen0Collections = s.Gen0Collections,
                Gen1Collections = s.Gen1Collections,
                Gen2Collections = s.Gen2Collections,
            },
            Cpu = s.CpuSampledCalls == 0 ? null : new CpuStatistics
            {
                SampledCalls = s.CpuSampledCalls,
                SampledWallNs = Ns(s.CpuSampledWallTicks),
                SampledCpuNs = s.CpuSampledCpuNs,
                OffCpuShare = Ns(s.CpuSampledWallTicks) <= 0 ? 0 : Math.Clamp(1.0 - ((double)s.CpuSampledCpuNs / Ns(s.CpuSampledWallTicks)), 0.0, 1.0),
            },
            Io = s.IoSamples == 0 ? null : new IoStatistics
            {
                Calls = s.IoSamples,
                ReadBytes = s.IoReadBytes,
                WriteBytes = s.IoWriteBytes,
                ReadCalls = s.IoReadCalls,
                WriteCalls = s.IoWriteCalls,
            },
            HeapDelta = s.HeapSamples == 0 ? null : new HeapDeltaStatistics
            {
                Calls = s.HeapSamples,
                ManagedHeapDeltaBytes = s.HeapDeltaSum,
                WorkingSetDeltaBytes = s.WorkingSetDeltaSum,
                MinManagedHeapDeltaBytes = s.MinHeapDelta,
                MaxManagedHeapDeltaBytes = s.MaxHeapDelta,
            },
        };
    }

    /// <summary>
    /// One uniform sample from per-thread reservoirs: each kept value stands for population/size
    /// calls of its thread, and weighted sampling without replacement (Efraimidis–Spirakis keys)
    /// draws the merged sample. Seeded by probe id, so a report is reproducible from its buffers.
    /// </summary>
    private DurationSample MergeReservoirs(List<(long[] Values, long Population)> reservoirs, int id)
    {
        int capacity = SampleCapacity > 0 ? SampleCapacity : reservoirs[0].Values.Length;
        long population = 0;
        var candidates = new List<(double Key, long Value)>();
        var random = new Random(id);
        foreach ((long[] values, long seen) in reservoirs)
        {
            population += seen;
            int kept = (int)Math.Min(seen, values.Length);
            double weight = (double)seen / kept;
            for (int i = 0; i < kept; i++)
            {
                candidates.Add((Math.Pow(random.NextDouble(), 1.0 / weight), values[i]));
            }
        }

        long[] chosen = candidates
            .OrderByDescending(c => c.Key)
            .Take(capacity)
            .Select(c => Ns(c.Value))
            .ToArray();
        // Sorted, the values differ little from one to the next, which is what the packed form stores.
        Array.Sort(chosen);
        return new DurationSample { Population = population, DurationsNs = chosen };
    }

    private List<CallTreeNode> BuildTree(IReadOnlyList<ThreadBuffer> buffers, out long[] selfCorrections)
    {
        selfCorrections = new long[_descriptors.Length];
        int pathCount = CallPath.Count;
        var calls = new long[pathCount];
        var inclusive = new long[pathCount];
        var self = new long[pathCount];
        var allocated = new long[pathCount];
        var selfAllocated = new long[pathCount];
        var present = new bool[pathCount];
        var skipped = new long[pathCount];
        var pending = new long[pathCount];
        foreach (ThreadBuffer buffer in buffers)
        {
            for (int i = 0; i < buffer.Paths.Length && i < pathCount; i++)
            {
                if (buffer.SettledPath(i) is { } slot)
                {
                    present[i] = true;
                    calls[i] += slot.Calls;
                    inclusive[i] += slot.InclusiveTicks;
                    self[i] += slot.SelfTicks;
                    allocated[i] += slot.AllocatedBytes;
                    selfAllocated[i] += slot.SelfAllocatedBytes;
                    skipped[i] += slot.SkippedCalls;
                    pending[i] += slot.PendingWeight;
                }
            }
        }

        SampledEstimates.ScalePaths(calls, inclusive, self, skipped, pending, selfCorrections);

        // Keep the tree connected: an ancestor with no completed call in this session (it was
        // in flight when the session started) still appears, with zero calls.
        for (int i = pathCount - 1; i > 0; i--)
        {
            if (present[i] && CallPath.Get(i).Parent is { Index: > 0 } parent)
            {
                present[parent.Index] = true;
            }
        }

        var ids = new int[pathCount];
        var nodes = new List<CallTreeNode>();
        for (int i = 1; i < pathCount; i++)
        {
            if (!present[i])
            {
                continue;
            }

            CallPath path = CallPath.Get(i);
            bool detailed = _descriptors.Length > path.ProbeId && _descriptors[path.ProbeId].Layer == Layer.Detailed && allocated[i] + selfAllocated[i] > 0;
            ids[i] = nodes.Count;
            nodes.Add(new CallTreeNode
            {
                Id = nodes.Count,
                ParentId = path.Parent is { Index: > 0 } parent ? ids[parent.Index] : null,
                ProbeId = path.ProbeId,
                Calls = calls[i],
                InclusiveNs = Ns(inclusive[i]),
                SelfNs = Ns(self[i]),
                AllocatedBytes = detailed ? allocated[i] : null,
                SelfAllocatedBytes = detailed ? selfAllocated[i] : null,
                TimedCalls = skipped[i] > 0 ? calls[i] - skipped[i] : null,
            });
        }

        return nodes;
    }

    private TimelineData BuildTimeline(IReadOnlyList<ThreadBuffer> buffers)
    {
        var threads = new List<TimelineThread>();
        var spans = new List<AsyncSpan>();
        long dropped = 0;
        foreach (ThreadBuffer buffer in buffers)
        {
            if (buffer.Timeline is { } timeline)
            {
                dropped += timeline.Dropped;
                if (timeline.Count > 0)
                {
                    ReadOnlySpan<long> ticks = timeline.Ticks;
                    ReadOnlySpan<int> codes = timeline.Codes;
                    var at = new long[ticks.Length];
                    var probeIds = new int[ticks.Length];
                    var kinds = new char[ticks.Length];
                    for (int i = 0; i < ticks.Length; i++)
                    {
                        at[i] = Math.Max(0, Ns(ticks[i] - _startTicks));
                        probeIds[i] = codes[i] >> 1;
                        kinds[i] = (codes[i] & 1) == 0 ? 'E' : 'X';
                    }

                    threads.Add(new TimelineThread { ThreadId = buffer.ManagedThreadId, Name = buffer.ThreadName, AtNs = at, ProbeIds = probeIds, Kinds = new string(kinds) });
                }
            }

            if (buffer.AsyncSpans is { } asyncSpans)
            {
                foreach ((long start, long end, int probeId) in asyncSpans)
                {
                    spans.Add(new AsyncSpan { ProbeId = probeId, StartNs = Math.Max(0, Ns(start - _startTicks)), EndNs = Math.Max(0, Ns(end - _startTicks)) });
                }
            }
        }

        spans.Sort((a, b) => a.StartNs.CompareTo(b.StartNs));
        return new TimelineData { DroppedEvents = dropped, Threads = threads, AsyncSpans = spans };
    }
}
