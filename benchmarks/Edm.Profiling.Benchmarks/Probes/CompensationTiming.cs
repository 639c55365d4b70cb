using System.Diagnostics;
using System.Globalization;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// A quick loop check of overhead compensation, without BenchmarkDotNet, robust to a loaded machine: the
/// synthetic tree of <see cref="CompensationBenchmarks"/> with probes (each batch in an uncalibrated
/// session of its own, so each batch gives its own raw self times) and each plain subtree, in
/// interleaved batches whose 25th percentile is kept; then each level's self time without probes (a
/// plain subtree less the one below it) beside the raw self time and the self time compensated with
/// the median of several sessions' calibrations. With <c>sweep</c>, the same for trees whose levels and
/// leaf do more or less work (<see cref="SweepLevels"/>), reported separately: how the probe's cost in
/// place, and its split between the call and its caller, moves with the work around it.
/// </summary>
public static class CompensationTiming
{
    private const int Batch = 2_000, Batches = 150, Calibrations = 7;
    private static readonly string[] s_levels = ["Level1", "Level2", "Level3", "Leaf"];
    private static int s_warmSink;

    public static void Run(bool sweep = false)
    {
        using (Profiler.StartSession("warm-up", new SessionOptions { AdaptiveTiming = false }))
        {
            for (int i = 0; i < 1_000_000; i++)
            {
                ProfiledLevels.Level1(i); // tier 1 with the profiled paths' PGO data
                PlainLevels.Level1(i);
                if (sweep)
                {
                    SweepLevels.Level1(i);
                    SweepLevels.PlainLevel1(i);
                }
            }
        }

        Measure();
        if (!sweep)
        {
            return;
        }

        foreach ((int level, int leaf) in new[] { (18, 18), (18, 40), (18, 200), (50, 88), (88, 88), (120, 88) })
        {
            (SweepLevels.LevelRounds, SweepLevels.LeafRounds) = (level, leaf);
            Print($"sweep: level work {level} rounds, leaf {leaf} rounds");
            Measure(Tree.Sweep);
        }
    }

    /// <summary>The measurement alone, for a process whose tree is already compiled (BenchmarkDotNet's cleanup).</summary>
    public static void Measure() => Measure(Tree.Goal);

    // Which tree a measurement runs: the goal's (ProfiledLevels) or the sweep's.
    private enum Tree
    {
        Goal,
        Sweep,
    }

    // Direct calls in each loop (a delegate would add its own call to the plain leaf's time).
    private static int RunPlain(Tree tree, int level, int sink)
    {
        switch ((tree, level))
        {
            case (Tree.Goal, 0): for (int i = 0; i < Batch; i++) { sink = PlainLevels.Level1(sink); } break;
            case (Tree.Goal, 1): for (int i = 0; i < Batch; i++) { sink = PlainLevels.Level2(sink); } break;
            case (Tree.Goal, 2): for (int i = 0; i < Batch; i++) { sink = PlainLevels.Level3(sink); } break;
            case (Tree.Goal, _): for (int i = 0; i < Batch; i++) { sink = PlainLevels.Leaf(sink); } break;
            case (_, 0): for (int i = 0; i < Batch; i++) { sink = SweepLevels.PlainLevel1(sink); } break;
            case (_, 1): for (int i = 0; i < Batch; i++) { sink = SweepLevels.PlainLevel2(sink); } break;
            case (_, 2): for (int i = 0; i < Batch; i++) { sink = SweepLevels.PlainLevel3(sink); } break;
            default: for (int i = 0; i < Batch; i++) { sink = SweepLevels.PlainLeaf(sink); } break;
        }

        return sink;
    }

    private static int RunProfiled(Tree tree, int sink)
    {
        if (tree == Tree.Goal)
        {
            for (int i = 0; i < Batch; i++)
            {
                sink = ProfiledLevels.Level1(sink);
            }
        }
        else
        {
            for (int i = 0; i < Batch; i++)
            {
                sink = SweepLevels.Level1(sink);
            }
        }

        return sink;
    }

    private static void Measure(Tree tree)
    {
        // Each calibration session also measures again at its stop, through the loops compiled as program code
        // (tiered up by then, the tree being warm): those Lightweight figures are what a session of the program uses.
        // The first session's loops are warmed while it runs (a second of the tree); later sessions find them warm.
        var costs = new List<ProbeCost>();
        for (int c = 0; c < Calibrations; c++)
        {
            using ProfilingSession calibrated = Profiler.StartSession("calibration", new SessionOptions { CalibrateAtStopAfter = TimeSpan.Zero });
            for (var running = Stopwatch.StartNew(); c == 0 && running.Elapsed < TimeSpan.FromSeconds(2);)
            {
                s_warmSink = RunProfiled(tree, s_warmSink);
            }

            costs.Add(calibrated.Stop().Settings.ProbeCost!);
        }

        var plain = new double[4][];
        var raw = new double[4][];
        var profiled = new double[Batches];
        for (int t = 0; t < 4; t++)
        {
            (plain[t], raw[t]) = (new double[Batches], new double[Batches]);
        }

        int sink = 0;
        long start;
        for (int b = 0; b < Batches; b++)
        {
            for (int t = 0; t < 4; t++)
            {
                start = Stopwatch.GetTimestamp();
                sink = RunPlain(tree, t, sink);
                plain[t][b] = PerCall(start);
            }

            SessionReport report;
            using (ProfilingSession session = Profiler.StartSession("batch", new SessionOptions { AdaptiveTiming = false, Calibrate = false }))
            {
                start = Stopwatch.GetTimestamp();
                sink = RunProfiled(tree, sink);
                profiled[b] = PerCall(start);
                report = session.Stop();
            }

            for (int level = 0; level < 4; level++)
            {
                MethodStatistics m = report.Methods.First(m => report.FindProbe(m.ProbeId)?.Name.Contains((tree == Tree.Goal ? "ProfiledLevels." : "SweepLevels.") + s_levels[level] + "(", StringComparison.Ordinal) == true);
                raw[level][b] = (double)m.SelfNs / m.Calls;
            }
        }

        double[] plainLow = [.. plain.Select(Low)];
        Print($"clock read back to back: {ClockReadNs():0.0} ns (25th percentile of {Batches} batches of {ClockReads})");
        double inPlace = (Low(profiled) - plainLow[0]) / 4;
        Print($"{Batches} batches of {Batch} trees: profiled {Low(profiled):0.0} ns, plain {plainLow[0]:0.0} ns: {inPlace:0.0} ns a probe in place ({sink & 1})");
        double Median(Func<ProbeCost, double> figure) => costs.Select(figure).Order().ElementAt(costs.Count / 2);
        string Range(Func<ProbeCost, double> figure) => string.Create(CultureInfo.InvariantCulture, $"{Median(figure):0.0} ({costs.Min(figure):0.0}–{costs.Max(figure):0.0})");
        Print($"{Calibrations} calibrations at start (optimised loops), lightweight: inner {Range(c => c.Lightweight.InnerNs)} ns, total {Range(c => c.Lightweight.TotalNs)} ns; took {Median(c => c.CalibrationNs) / 1e6:0.00} ms ({costs.Min(c => c.CalibrationNs) / 1e6:0.00}–{costs.Max(c => c.CalibrationNs) / 1e6:0.00})");
        Print($"  detailed inner {Median(c => c.Detailed.InnerNs):0.0}, total {Median(c => c.Detailed.TotalNs):0.0} ns; async inner {Median(c => c.Async.InnerNs):0.0}, total {Median(c => c.Async.TotalNs):0.0} ns; counted-only {Median(c => c.SkippedCallNs):0.0} ns");
        int settled = costs.Count(c => c.AtStop is not null);
        // What a session compensates with (OverheadCompensation.Lightweight): the stop's inner part, the larger total.
        ProbeCostClass Used(ProbeCost c) => c.AtStop?.Lightweight is { } stop
            ? new ProbeCostClass { InnerNs = stop.InnerNs, TotalNs = Math.Max(stop.TotalNs, c.Lightweight.TotalNs) }
            : c.Lightweight;
        Print($"{settled} of {Calibrations} at stop (tiered loops, warmed while the session ran): inner {Range(c => c.AtStop?.Lightweight.InnerNs ?? 0)} ns, total {Range(c => c.AtStop?.Lightweight.TotalNs ?? 0)} ns; took {Range(c => (c.AtStop?.CalibrationNs ?? 0) / 1e6)} ms; used: inner {Range(c => Used(c).InnerNs)}, total {Range(c => Used(c).TotalNs)} ns");
        double startInner = Median(c => c.Lightweight.InnerNs), startTotal = Median(c => c.Lightweight.TotalNs);
        double inner = Median(c => Used(c).InnerNs), total = Median(c => Used(c).TotalNs);

        // In place: a level's raw self less its plain self is its own probe's inner part plus its child's
        // part in the caller (one whole probe when the child's probe costs what its own does); the leaf's is
        // its probe's inner part alone.
        double leafInner = Low(raw[3]) - plainLow[3];
        Print($"in place: leaf inner {leafInner:0.0} ns (used {inner:0.0}, at start {startInner:0.0}); raw − plain self, Level1 {Low(raw[0]) - (plainLow[0] - plainLow[1]):0.0}, Level2 {Low(raw[1]) - (plainLow[1] - plainLow[2]):0.0}, Level3 {Low(raw[2]) - (plainLow[2] - plainLow[3]):0.0} ns (used total {total:0.0}, at start {startTotal:0.0})");
        for (int level = 0; level < 4; level++)
        {
            double plainSelf = plainLow[level] - (level < 3 ? plainLow[level + 1] : 0);
            double rawSelf = Low(raw[level]);

            // The model with every probe Lightweight: a caller's self loses its own inner part and its child's total less the child's inner part.
            double compensated = level < 3 ? rawSelf - total : rawSelf - inner;
            double withStart = level < 3 ? rawSelf - startTotal : rawSelf - startInner;
            Print($"{s_levels[level]}: self without probes {plainSelf:0.0} ns; raw {rawSelf:0.0} ns ({(rawSelf / plainSelf) - 1:+0%;-0%}), compensated {compensated:0.0} ns ({(compensated / plainSelf) - 1:+0.0%;-0.0%}); with the start's figures {withStart:0.0} ns ({(withStart / plainSelf) - 1:+0.0%;-0.0%})");
        }
    }

    private const int ClockReads = 128;

    /// <summary>What one read of the probes' clock costs back to back: does the probe's cost move with it?</summary>
    private static double ClockReadNs()
    {
        var batches = new double[Batches];
        long sink = 0;
        for (int b = 0; b < Batches; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < ClockReads; i++)
            {
                sink ^= Stopwatch.GetTimestamp();
            }

            batches[b] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / ClockReads;
        }

        return Low(batches) + ((sink & 1) * 1e-9);
    }

    private static double PerCall(long start) => Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;

    private static double Low(double[] values) => values.Order().ElementAt(values.Length / 4);

    private static void Print(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// compensation: {line}"));
}
