using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// Overhead compensation on a synthetic tree (issue 18): a leaf of about 100 ns called from three levels of
/// profiled callers that each do about 30 ns of their own work. The same tree without attributes, and each
/// level's work alone, give the times without probes; the profiled run's session, printed at cleanup
/// ("// compensation:" lines in the log), gives each level's raw and compensated self time per call.
/// </summary>
[Config(typeof(OneJobConfig))]
public class CompensationBenchmarks
{
    private ProfilingSession? _session;
    private int _value;

    [GlobalSetup(Target = nameof(ProfiledTree))]
    public void Setup() => _session = Profiler.StartSession("compensation", new SessionOptions { AdaptiveTiming = false });

    [GlobalCleanup(Target = nameof(ProfiledTree))]
    public void Cleanup()
    {
        if (_session?.Stop() is not { } report)
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// compensation: probes cost ≈ {report.Overhead?.Share * 100:0.0}% of the run; calibration {report.Settings.ProbeCost?.CalibrationNs / 1e6:0.00} ms; lightweight inner {report.Settings.ProbeCost?.Lightweight.InnerNs:0.0} ns, total {report.Settings.ProbeCost?.Lightweight.TotalNs:0.0} ns, caller self {report.Settings.ProbeCost?.Lightweight.CallerSelfNs:0.0} ns"));
        foreach (MethodStatistics m in report.Methods.OrderBy(m => report.FindProbe(m.ProbeId)?.Name, StringComparer.Ordinal))
        {
            double calls = Math.Max(1, m.Calls);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// compensation: {report.FindProbe(m.ProbeId)?.Name}: {m.Calls:N0} calls, self raw {m.SelfNs / calls:0.0} ns, compensated {m.CompensatedSelfNs / calls:0.0} ns; inclusive raw {m.InclusiveNs / calls:0.0} ns, compensated {m.CompensatedInclusiveNs / calls:0.0} ns"));
        }
    }

    [Benchmark(Description = "tree, profiled")]
    public int ProfiledTree() => ProfiledLevels.Level1(_value++);

    [Benchmark(Baseline = true, Description = "tree, no probes")]
    public int PlainTree() => PlainLevels.Level1(_value++);

    [Benchmark(Description = "leaf work alone (~100 ns)")]
    public int LeafWork() => Work.Spin(_value++, Work.LeafRounds);

    [Benchmark(Description = "level work alone (~30 ns)")]
    public int LevelWork() => Work.Spin(_value++, Work.LevelRounds);

    private sealed class OneJobConfig : ManualConfig
    {
        public OneJobConfig() => AddJob(Job.ShortRun.WithId("profiling on"));
    }
}

/// <summary>Deterministic busy work whose time does not depend on the value.</summary>
public static class Work
{
    internal const int LeafRounds = 60;
    internal const int LevelRounds = 18;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Spin(int x, int rounds)
    {
        uint h = (uint)x;
        for (int i = 0; i < rounds; i++)
        {
            h = (h * 2654435761u) ^ (h >> 13);
        }

        return (int)h;
    }
}

/// <summary>The tree with probes: three profiled levels above a profiled leaf.</summary>
public static class ProfiledLevels
{
    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level1(int x) => Level2(Work.Spin(x, Work.LevelRounds));

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level2(int x) => Level3(Work.Spin(x, Work.LevelRounds));

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level3(int x) => Leaf(Work.Spin(x, Work.LevelRounds));

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Leaf(int x) => Work.Spin(x, Work.LeafRounds);
}

/// <summary>The same tree without attributes.</summary>
public static class PlainLevels
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level1(int x) => Level2(Work.Spin(x, Work.LevelRounds));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level2(int x) => Level3(Work.Spin(x, Work.LevelRounds));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level3(int x) => Leaf(Work.Spin(x, Work.LevelRounds));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Leaf(int x) => Work.Spin(x, Work.LeafRounds);
}
