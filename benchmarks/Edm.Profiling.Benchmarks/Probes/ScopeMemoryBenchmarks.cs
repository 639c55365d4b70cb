using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// What a Detailed scope's heap delta costs (issue 16): the two readings it takes at each end
/// (<see cref="ProcessMemory.ManagedHeapBytes"/>, <see cref="ProcessMemory.WorkingSetBytes"/>) on their
/// own, beside a Lightweight scope (no readings) and a Detailed one (both, plus the Detailed counters).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneJobConfig))]
public class ScopeMemoryBenchmarks
{
    private ProfilingSession? _session;
    private int _value;

    [GlobalSetup]
    public void Setup() => _session = Profiler.StartSession("scope-memory", new SessionOptions { AdaptiveTiming = false });

    [GlobalCleanup]
    public void Cleanup() => _session?.Stop();

    [Benchmark(Description = "GC.GetTotalMemory(false)")]
    public long ManagedHeap() => ProcessMemory.ManagedHeapBytes() + _value;

    [Benchmark(Description = "working set (/proc/self/statm)")]
    public long WorkingSet() => ProcessMemory.WorkingSetBytes() + _value;

    [Benchmark(Description = "Profiler.Scope (Lightweight)")]
    public int LightweightScope()
    {
        using (Profiler.Scope("Benchmarks.scope-memory light", Layer.Lightweight))
        {
            return Target.AddPlain(_value++);
        }
    }

    [Benchmark(Description = "Profiler.Scope (Detailed, heap delta)")]
    public int DetailedScope()
    {
        using (Profiler.Scope("Benchmarks.scope-memory detailed"))
        {
            return Target.AddPlain(_value++);
        }
    }

    private sealed class OneJobConfig : ManualConfig
    {
        public OneJobConfig() => AddJob(Job.ShortRun.WithId("profiling on"));
    }
}
