using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// What each counter the Detailed layer reads costs on its own (issue 18), beside the Detailed and
/// Lightweight probes in the same run, to see where the Detailed probe's extra time goes. The probes
/// run in a plain session and in one that keeps 1,000 duration samples a probe, as every comparison
/// session does (process mode, <c>edm-prof run</c>, <c>--profile</c>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneJobConfig))]
public class CounterReadBenchmarks
{
    private ProfilingSession? _session;
    private int _value;

    /// <summary>Duration samples kept per probe: 0, or what comparison sessions keep.</summary>
    [Params(0, SessionOptions.ComparisonReservoirSize)]
    public int Reservoir { get; set; }

    /// <summary>One Detailed call in this many (on average) reads the thread CPU clock, a 1.5 µs system call here: the old default and the default.</summary>
    [Params(64, SessionOptions.DefaultCpuSampleInterval)]
    public int CpuInterval { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _session = Profiler.StartSession(
            "counters", new SessionOptions { AdaptiveTiming = false, SampleReservoirSize = Reservoir, CpuSampleInterval = CpuInterval });

    [GlobalCleanup]
    public void Cleanup() => _session?.Stop();

    [Benchmark(Description = "GC.GetAllocatedBytesForCurrentThread()")]
    public long AllocatedBytes() => GC.GetAllocatedBytesForCurrentThread() + _value; // + a field: BenchmarkDotNet needs instance methods

    [Benchmark(Description = "GC.CollectionCount(0)")]
    public int CollectionCount() => GC.CollectionCount(0) + _value;

    [Benchmark(Description = "Environment.CurrentManagedThreadId (thread-local anchor)")]
    public int ThreadId() => Environment.CurrentManagedThreadId + _value;

    [Benchmark(Description = "Lightweight probe")]
    public int Lightweight() => Target.Add(_value++);

    [Benchmark(Description = "Detailed probe")]
    public int Detailed() => Target.AddDetailed(_value++);

    private sealed class OneJobConfig : ManualConfig
    {
        public OneJobConfig() => AddJob(Job.ShortRun.WithId("profiling on"));
    }
}
