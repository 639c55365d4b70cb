using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// Adaptive timing (issue 18): the amortised probe cost per call is the profiled call minus the plain one,
/// with adaptive timing on (the default; the review samples a hot short leaf during the warm-up) and off
/// (every call timed). Two methods: one of about 20 ns (the goal: ≤ 5 ns a call on it) and a tinier one
/// whose calls overlap in the CPU, where nothing hides the probe's work. The Lightweight and Detailed rows
/// are the probe on every call in the same run: opted out of sampling (the interceptor of before, without
/// the untimed-call check), with the check, and Detailed (never sampled). A parameter rather than an
/// environment variable, so the benchmarks also run in process (<c>--inProcess</c>).
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
        if (report is null)
        {
            return;
        }

        Console.WriteLine($"// adaptive: budget {report.Settings.AdaptiveTimingBudgetNs} ns, skipped call {report.Settings.ProbeCost?.SkippedCallNs:0.0} ns, sampled timed call {report.Settings.ProbeCost?.Sampled?.TotalNs:0.0} ns, Lightweight {report.Settings.ProbeCost?.Lightweight.TotalNs:0.0} ns");
        foreach (MethodStatistics m in report.Methods)
        {
            string name = report.FindProbe(m.ProbeId)?.Name ?? "?";
            Console.WriteLine($"// adaptive: {name}: {m.Calls:N0} calls, {(m.Sampling is { } s ? $"{s.TimedCalls:N0} timed (1 in {(double)m.Calls / Math.Max(1, s.TimedCalls):0})" : "all timed")}");
        }
    }

    [Benchmark(Baseline = true, Description = "20 ns method, no probe")]
    public int Plain() => TinyTarget.TwentyPlain(_value++);

    [Benchmark(Description = "20 ns method, [Profile]")]
    public int Profiled() => TinyTarget.Twenty(_value++);

    [Benchmark(Description = "3 ns method, no probe")]
    public int TinyPlain() => TinyTarget.TinyPlain(_value++);

    [Benchmark(Description = "3 ns method, [Profile]")]
    public int TinyProfiled() => TinyTarget.Tiny(_value++);

    [Benchmark(Description = "x + 1, [Profile(Sampling = false)]")]
    public int LightweightOptedOut() => TinyTarget.AddOptedOut(_value++);

    [Benchmark(Description = "x + 1, [Profile]")]
    public int Lightweight() => TinyTarget.Add(_value++);

    [Benchmark(Description = "x + 1, [Profile(Layer.Detailed)]")]
    public int Detailed() => TinyTarget.AddDetailed(_value++);

    private sealed class AdaptiveConfig : ManualConfig
    {
        public AdaptiveConfig() => AddJob(Job.ShortRun.WithId("profiling on"));
    }
}

/// <summary>Short methods, with and without the attribute.</summary>
public static class TinyTarget
{
    private const int TwentyRounds = 24;
    private const int TinyRounds = 10;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int TwentyPlain(int x) => Work.Spin(x, TwentyRounds);

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Twenty(int x) => Work.Spin(x, TwentyRounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int TinyPlain(int x) => Work.Spin(x, TinyRounds);

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Tiny(int x) => Work.Spin(x, TinyRounds);

    [Profile(Sampling = false)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AddOptedOut(int x) => x + 1;

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Add(int x) => x + 1;

    [Profile(Layer.Detailed)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AddDetailed(int x) => x + 1;
}
