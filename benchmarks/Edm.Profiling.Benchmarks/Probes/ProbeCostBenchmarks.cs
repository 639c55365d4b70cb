using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// What a probe costs per call, against a direct call and the anchors (timestamps, Activity with a
/// listener, Stopwatch.StartNew) in the same run. Two jobs: profiling on, and the same code with
/// EDM_PROFILING=0, where the interceptor's fast path is all that runs.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OnOffConfig))]
public class ProbeCostBenchmarks
{
    private static readonly ActivitySource s_source = new("Edm.Profiling.Benchmarks");
    private ActivityListener? _listener;
    private ProfilingSession? _session;
    private int _value;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        // Adaptive timing off: these rows measure the probe on every call (AdaptiveTimingBenchmarks measure it on).
        _session = Profiler.StartSession("benchmark", new SessionOptions { AdaptiveTiming = false });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session?.Stop();
        _listener?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "direct call")]
    public int DirectCall() => Target.AddPlain(_value++);

    // The calls below are intercepted by generated code: [Profile] is on their targets.
    [Benchmark(Description = "Lightweight probe")]
    public int Lightweight() => Target.Add(_value++);

    [Benchmark(Description = "Detailed probe")]
    public int Detailed() => Target.AddDetailed(_value++);

    [Benchmark(Description = "async probe (completed task)")]
    public Task<int> Async() => Target.AddAsync(_value++);

    [Benchmark(Description = "Profiler.Scope (Lightweight)")]
    public int Scope()
    {
        using (Profiler.Scope("Benchmarks.scope", Layer.Lightweight))
        {
            return Target.AddPlain(_value++);
        }
    }

    [Benchmark(Description = "Stopwatch.GetTimestamp() x2")]
    public long TwoTimestamps() => Stopwatch.GetTimestamp() - Stopwatch.GetTimestamp() + Target.AddPlain(_value++);

    [Benchmark(Description = "Stopwatch.StartNew()")]
    public long StopwatchStartNew()
    {
        var watch = Stopwatch.StartNew();
        int result = Target.AddPlain(_value++);
        watch.Stop();
        return watch.ElapsedTicks + result;
    }

    [Benchmark(Description = "Activity with listener")]
    public int ActivityStartStop()
    {
        using Activity? activity = s_source.StartActivity("Target.Add");
        return Target.AddPlain(_value++);
    }

    private sealed class OnOffConfig : ManualConfig
    {
        public OnOffConfig()
        {
            // Short runs: the ratios inside one run are what the goals are stated in.
            AddJob(Job.ShortRun.WithId("profiling on"));
            AddJob(Job.ShortRun.WithId("profiling off").WithEnvironmentVariable("EDM_PROFILING", "0"));
        }
    }
}

/// <summary>
/// The methods being profiled: small enough that probe cost dominates. <see cref="AddPlain"/> is the
/// same method without the attribute, the direct-call baseline.
/// </summary>
public static class Target
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AddPlain(int x) => x + 1;

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Add(int x) => x + 1;

    [Profile(Layer.Detailed)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AddDetailed(int x) => x + 1;

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Task<int> AddAsync(int x) => Task.FromResult(x + 1);
}
