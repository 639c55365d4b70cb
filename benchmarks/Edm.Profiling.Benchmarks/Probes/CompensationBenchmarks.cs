using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// Overhead compensation on a synthetic tree (issue 18): a leaf of about 100 ns called from three levels of
/// profiled callers that each do about 20 ns of their own work. Each level's work feeds its callee and each
/// tree's result feeds the next, so without probes too the levels run one after the other: a level's self
/// time without probes is its plain subtree less the one below it (rows "subtree from ..."). The profiled
/// run's session, printed at cleanup ("// compensation:" lines in the log), gives each level's raw and
/// compensated self time per call; the cleanup then measures the same robustly on a loaded machine
/// (<see cref="CompensationTiming"/>: interleaved batches, 25th percentiles).
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

        ProbeCost? cost = report.Settings.ProbeCost;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// compensation: probes cost ≈ {report.Overhead?.Share * 100:0.0}% of the run; calibration {cost?.CalibrationNs / 1e6:0.00} ms; lightweight inner {cost?.Lightweight.InnerNs:0.0} ns, total {cost?.Lightweight.TotalNs:0.0} ns, caller self {cost?.Lightweight.CallerSelfNs:0.0} ns; at stop inner {cost?.AtStop?.Lightweight.InnerNs:0.0} ns, total {cost?.AtStop?.Lightweight.TotalNs:0.0} ns ({cost?.AtStop?.CalibrationNs / 1e6:0.0} ms)"));
        foreach (MethodStatistics m in report.Methods.OrderBy(m => report.FindProbe(m.ProbeId)?.Name, StringComparer.Ordinal))
        {
            double calls = Math.Max(1, m.Calls);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// compensation: {report.FindProbe(m.ProbeId)?.Name}: {m.Calls:N0} calls, self raw {m.SelfNs / calls:0.0} ns, compensated {m.CompensatedSelfNs / calls:0.0} ns; inclusive raw {m.InclusiveNs / calls:0.0} ns, compensated {m.CompensatedInclusiveNs / calls:0.0} ns"));
        }

        CompensationTiming.Measure();
    }

    [Benchmark(Description = "tree, profiled")]
    public int ProfiledTree() => _value = ProfiledLevels.Level1(_value);

    [Benchmark(Baseline = true, Description = "tree, no probes")]
    public int PlainTree() => _value = PlainLevels.Level1(_value);

    [Benchmark(Description = "subtree from Level2, no probes")]
    public int PlainLevel2() => _value = PlainLevels.Level2(_value);

    [Benchmark(Description = "subtree from Level3, no probes")]
    public int PlainLevel3() => _value = PlainLevels.Level3(_value);

    [Benchmark(Description = "leaf, no probes")]
    public int PlainLeaf() => _value = PlainLevels.Leaf(_value);

    private sealed class OneJobConfig : ManualConfig
    {
        public OneJobConfig() => AddJob(Job.ShortRun.WithId("profiling on"));
    }
}

/// <summary>Deterministic busy work whose time does not depend on the value.</summary>
public static class Work
{
    internal const int LeafRounds = 88;
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

/// <summary>
/// The tree of <see cref="ProfiledLevels"/> with the work of the levels and of the leaf set at run time, for a
/// sweep (<c>compensation-timing sweep</c>): how the probe's cost in place and its split move with the work
/// around it. Not the goal's tree: that one is <see cref="ProfiledLevels"/>, with its work fixed.
/// </summary>
public static class SweepLevels
{
    public static int LevelRounds { get; set; } = Work.LevelRounds;

    public static int LeafRounds { get; set; } = Work.LeafRounds;

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level1(int x) => Level2(Work.Spin(x, LevelRounds));

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level2(int x) => Level3(Work.Spin(x, LevelRounds));

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Level3(int x) => Leaf(Work.Spin(x, LevelRounds));

    [Profile]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Leaf(int x) => Work.Spin(x, LeafRounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int PlainLevel1(int x) => PlainLevel2(Work.Spin(x, LevelRounds));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int PlainLevel2(int x) => PlainLevel3(Work.Spin(x, LevelRounds));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int PlainLevel3(int x) => PlainLeaf(Work.Spin(x, LevelRounds));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int PlainLeaf(int x) => Work.Spin(x, LeafRounds);
}
