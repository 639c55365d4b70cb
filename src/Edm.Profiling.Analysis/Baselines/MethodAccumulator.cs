namespace Edm.Profiling.Analysis;

/// <summary>Sums one method's figures over the runs of a baseline.</summary>
internal sealed class MethodAccumulator
{
    /// <summary>Dense bucket counts, made when a second run arrives: a one-run baseline keeps its histogram as it is.</summary>
    private long[]? _histogram;
    private readonly List<(int Run, DurationSample Sample)> _samples = [];
    private MethodStatistics? _first;
    private int _runs;
    private long _calls, _faulted, _inclusive, _self, _total, _min = long.MaxValue, _max;
    private AllocationStatistics? _allocations;
    private CpuStatistics? _cpu;
    private IoStatistics? _io;

    // Compensated figures add up while every run has them (a run without calibration makes them unknown).
    private long? _compensatedInclusive = 0, _compensatedSelf = 0, _probeOverhead = 0;

    internal void Add(int run, MethodStatistics m)
    {
        _first ??= m;
        _runs++;
        _calls += m.Calls;
        _faulted += m.FaultedCalls;
        _inclusive += m.InclusiveNs;
        _self += m.SelfNs;
        _total += m.TotalNs;
        _min = Math.Min(_min, m.MinNs);
        _max = Math.Max(_max, m.MaxNs);
        _compensatedInclusive += m.CompensatedInclusiveNs;
        _compensatedSelf += m.CompensatedSelfNs;
        _probeOverhead += m.ProbeOverheadNs;
        if (_runs == 2)
        {
            _histogram = new long[LatencyHistogram.BucketCount];
            AddHistogram(_histogram, _first.Histogram);
        }

        if (_histogram is not null)
        {
            AddHistogram(_histogram, m.Histogram);
        }

        if (m.Samples is { } samples)
        {
            _samples.Add((run, samples));
        }

        if (m.Allocations is { } a)
        {
            _allocations = _allocations is not { } s ? a : new AllocationStatistics
            {
                Calls = s.Calls + a.Calls,
                AllocatedBytes = s.AllocatedBytes + a.AllocatedBytes,
                SelfAllocatedBytes = s.SelfAllocatedBytes + a.SelfAllocatedBytes,
                Approximate = s.Approximate || a.Approximate,
                Gen0Collections = s.Gen0Collections + a.Gen0Collections,
                Gen1Collections = s.Gen1Collections + a.Gen1Collections,
                Gen2Collections = s.Gen2Collections + a.Gen2Collections,
            };
        }

        if (m.Cpu is { } c)
        {
            _cpu = _cpu is not { } s ? c : new CpuStatistics
            {
                SampledCalls = s.SampledCalls + c.SampledCalls,
                SampledWallNs = s.SampledWallNs + c.SampledWallNs,
                SampledCpuNs = s.SampledCpuNs + c.SampledCpuNs,
            };
        }

        if (m.Io is { } io)
        {
            _io = _io is not { } s ? io : new IoStatistics
            {
                Calls = s.Calls + io.Calls,
                ReadBytes = s.ReadBytes + io.ReadBytes,
                WriteBytes = s.WriteBytes + io.WriteBytes,
                ReadCalls = s.ReadCalls + io.ReadCalls,
                WriteCalls = s.WriteCalls + io.WriteCalls,
            };
        }
    }

    internal MethodStatistics ToStatistics(int probeId, string name, int sampleCapacity)
    {
        DurationSample? samples = _samples.Count == 0 ? null : SampleMerger.Merge(_samples.Select(s => s.Sample).ToList(), sampleCapacity, SampleMerger.Seed(name));
        if (_runs == 1)
        {
            // One run: its figures stand as they are (percentiles from its own histogram).
            return _first! with { ProbeId = probeId, Samples = samples };
        }

        long[] histogram = _histogram!;
        var buckets = new List<int>();
        var counts = new List<long>();
        long histogramTotal = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            if (histogram[i] != 0)
            {
                buckets.Add(i);
                counts.Add(histogram[i]);
                histogramTotal += histogram[i];
            }
        }

        long min = _min == long.MaxValue ? 0 : _min;
        return new MethodStatistics
        {
            ProbeId = probeId,
            Calls = _calls,
            FaultedCalls = _faulted,
            InclusiveNs = _inclusive,
            SelfNs = _self,
            TotalNs = _total,
            MinNs = min,
            MaxNs = _max,
            MeanNs = _calls == 0 ? 0 : _total / _calls,
            P50Ns = LatencyHistogram.ValueAt(histogram, histogramTotal, 0.50, min, _max),
            P90Ns = LatencyHistogram.ValueAt(histogram, histogramTotal, 0.90, min, _max),
            P99Ns = LatencyHistogram.ValueAt(histogram, histogramTotal, 0.99, min, _max),
            Histogram = new Histogram { Buckets = buckets, Counts = counts },
            Samples = samples,
            Allocations = _allocations,
            Cpu = _cpu is { } cpu ? cpu with { OffCpuShare = OffCpuShare(cpu) } : null,
            Io = _io,
            CompensatedInclusiveNs = _compensatedInclusive,
            CompensatedSelfNs = _compensatedSelf,
            ProbeOverheadNs = _probeOverhead,
            Sampling = null, // each run's sampling error is its own; the merged times stay estimates
        };
    }

    private static void AddHistogram(long[] into, Histogram histogram)
    {
        for (int i = 0; i < histogram.Buckets.Count; i++)
        {
            into[histogram.Buckets[i]] += histogram.Counts[i];
        }
    }

    private static double OffCpuShare(CpuStatistics cpu) =>
        cpu.SampledWallNs <= 0 ? 0 : Math.Clamp(1.0 - ((double)cpu.SampledCpuNs / cpu.SampledWallNs), 0.0, 1.0);
}
