namespace Edm.Profiling.Analysis;

/// <summary>Sums one method's figures over the runs of a baseline.</summary>
internal sealed class MethodAccumulator
{
    private readonly long[] _histogram = new long[LatencyHistogram.BucketCount];
    private readonly List<(int Run, DurationSample Sample)> _samples = [];
    private long _calls, _faulted, _inclusive, _self, _total, _min = long.MaxValue, _max;
    private AllocationStatistics? _allocations;
    private CpuStatistics? _cpu;
    private IoStatistics? _io;

    internal void Add(int run, MethodStatistics m)
    {
        _calls += m.Calls;
        _faulted += m.FaultedCalls;
        _inclusive += m.InclusiveNs;
        _self += m.SelfNs;
        _total += m.TotalNs;
        _min = Math.Min(_min, m.MinNs);
        _max = Math.Max(_max, m.MaxNs);
        for (int i = 0; i < m.Histogram.Buckets.Count; i++)
        {
            _histogram[m.Histogram.Buckets[i]] += m.Histogram.Counts[i];
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
        var buckets = new List<int>();
        var counts = new List<long>();
        long histogramTotal = 0;
        for (int i = 0; i < _histogram.Length; i++)
        {
            if (_histogram[i] != 0)
            {
                buckets.Add(i);
                counts.Add(_histogram[i]);
                histogramTotal += _histogram[i];
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
            P50Ns = LatencyHistogram.ValueAt(_histogram, histogramTotal, 0.50, min, _max),
            P90Ns = LatencyHistogram.ValueAt(_histogram, histogramTotal, 0.90, min, _max),
            P99Ns = LatencyHistogram.ValueAt(_histogram, histogramTotal, 0.99, min, _max),
            Histogram = new Histogram { Buckets = buckets, Counts = counts },
            Samples = _samples.Count == 0 ? null : SampleMerger.Merge(_samples.Select(s => s.Sample).ToList(), sampleCapacity, SampleMerger.Seed(name)),
            Allocations = _allocations,
            Cpu = _cpu is { } cpu ? cpu with { OffCpuShare = OffCpuShare(cpu) } : null,
            Io = _io,
        };
    }

    private static double OffCpuShare(CpuStatistics cpu) =>
        cpu.SampledWallNs <= 0 ? 0 : Math.Clamp(1.0 - ((double)cpu.SampledCpuNs / cpu.SampledWallNs), 0.0, 1.0);
}
