using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// Adaptive timing on a method of about 20 ns (issue 18): the amortised probe cost per call is the profiled
/// call minus the plain one, with adaptive timing on (the default; the review samples the method during
/// the warm-up) and off (every call timed). A parameter rather than an environment variable, so the
/// benchmarks also run in process (<c>--inProcess</c>) on a machine too loaded to build a job per variant.
/// </summary>
[Config(typeof(AdaptiveConfig))]
public class AdaptiveTimingBenchmarks
{
    private ProfilingSession? _session;
    private int _value;

    [Params(true, false)]
    public bool Adaptive { get; set; }

    [GlobalSetup]
    public void Setup() => _session = Profiler.StartSession("adaptive", new SessionOptions { AdaptiveTiming = Adaptive });

    [GlobalCleanup]
    public void Cleanup()
    {
        SessionReport? report = _session?.Stop();
        if (report?.Methods.FirstOrDefault(m => report.FindProbe(m.ProbeId)?.Name.Contains("Tiny", StringComparison.Ordinal) == true) is { } m)
        {
            Console.WriteLine($"// adaptive: {m.Calls:N0} calls, {(m.Sampling is { } s ? $"{s.TimedCalls:N0} timed" : "all timed")}, budget {report.Settings.AdaptiveTimingBudgetNs} ns, skipped call {report.Settings.ProbeCost?.SkippedCallNs:0.0} ns");
        }
    }

    [Benchmark(Baseline = true, Description = "20 ns method, no probe")]
    public int Plain() => TinyTarget.TinyPlain(_value++);

    [Benchmark(Description = "20 ns method, [Profile]")]
    public int Profiled() => TinyTarget.Tiny(_value++);

    private sealed class AdaptiveConfig : ManualConfig
    {
        public AdaptiveConfig() => AddJob(Job.ShortRun.WithId("profiling on"));
    }
}

/// <summary>A method of about 20 ns, with and without the attribute.</summary>
public static class TinyTarget
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int TinyPlain(int x) => Work.Spin(x, 10);

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Tiny(int x) => Work.Spin(x, 10);
}
