using System.Diagnostics;
using System.Globalization;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// A quick loop check of overhead compensation, without BenchmarkDotNet, robust to a loaded machine: the
/// synthetic tree of <see cref="CompensationBenchmarks"/> with probes (each batch in an uncalibrated
/// session of its own, so each batch gives its own raw self times) and each plain subtree, in
/// interleaved batches whose 25th percentile is kept; then each level's self time without probes (a
/// plain subtree less the one below it) beside the raw self time and the self time compensated with
/// the median of several sessions' calibrations.
/// </summary>
public static class CompensationTiming
{
    private const int Batch = 2_000, Batches = 150, Calibrations = 7;
    private static readonly string[] s_levels = ["Level1", "Level2", "Level3", "Leaf"];

    public static void Run()
    {
        using (Profiler.StartSession("warm-up", new SessionOptions { AdaptiveTiming = false }))
        {
            for (int i = 0; i < 1_000_000; i++)
            {
                ProfiledLevels.Level1(i); // tier 1 with the profiled paths' PGO data
                PlainLevels.Level1(i);
            }
        }

        Measure();
    }

    /// <summary>The measurement alone, for a process whose tree is already compiled (BenchmarkDotNet's cleanup).</summary>
    public static void Measure()
    {
        var costs = new List<ProbeCost>();
        for (int c = 0; c < Calibrations; c++)
        {
            using ProfilingSession calibrated = Profiler.StartSession("calibration");
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
        for (int b = 0; b < Batches; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink = PlainLevels.Level1(sink);
            }

            plain[0][b] = PerCall(start);
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink = PlainLevels.Level2(sink);
            }

            plain[1][b] = PerCall(start);
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink = PlainLevels.Level3(sink);
            }

            plain[2][b] = PerCall(start);
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink = PlainLevels.Leaf(sink);
            }

            plain[3][b] = PerCall(start);
            SessionReport report;
            using (ProfilingSession session = Profiler.StartSession("batch", new SessionOptions { AdaptiveTiming = false, Calibrate = false }))
            {
                start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Batch; i++)
                {
                    sink = ProfiledLevels.Level1(sink);
                }

                profiled[b] = PerCall(start);
                report = session.Stop();
            }

            for (int level = 0; level < 4; level++)
            {
                MethodStatistics m = report.Methods.First(m => report.FindProbe(m.ProbeId)?.Name.Contains("ProfiledLevels." + s_levels[level] + "(", StringComparison.Ordinal) == true);
                raw[level][b] = (double)m.SelfNs / m.Calls;
            }
        }

        double[] plainLow = [.. plain.Select(Low)];
        double inPlace = (Low(profiled) - plainLow[0]) / 4;
        Print($"{Batches} batches of {Batch} trees: profiled {Low(profiled):0.0} ns, plain {plainLow[0]:0.0} ns: {inPlace:0.0} ns a probe in place ({sink & 1})");
        double Median(Func<ProbeCost, double> figure) => costs.Select(figure).Order().ElementAt(costs.Count / 2);
        Print($"{Calibrations} calibrations, lightweight: inner {Median(c => c.Lightweight.InnerNs):0.0} ns ({costs.Min(c => c.Lightweight.InnerNs):0.0}–{costs.Max(c => c.Lightweight.InnerNs):0.0}), total {Median(c => c.Lightweight.TotalNs):0.0} ns ({costs.Min(c => c.Lightweight.TotalNs):0.0}–{costs.Max(c => c.Lightweight.TotalNs):0.0}); took {Median(c => c.CalibrationNs) / 1e6:0.00} ms ({costs.Min(c => c.CalibrationNs) / 1e6:0.00}–{costs.Max(c => c.CalibrationNs) / 1e6:0.00})");
        Print($"  detailed inner {Median(c => c.Detailed.InnerNs):0.0}, total {Median(c => c.Detailed.TotalNs):0.0} ns; async inner {Median(c => c.Async.InnerNs):0.0}, total {Median(c => c.Async.TotalNs):0.0} ns; counted-only {Median(c => c.SkippedCallNs):0.0} ns");
        double inner = Median(c => c.Lightweight.InnerNs), total = Median(c => c.Lightweight.TotalNs);
        for (int level = 0; level < 4; level++)
        {
            double plainSelf = plainLow[level] - (level < 3 ? plainLow[level + 1] : 0);
            double rawSelf = Low(raw[level]);

            // The model with every probe Lightweight: a caller's self loses its own inner part and its child's total less the child's inner part.
            double compensated = level < 3 ? rawSelf - total : rawSelf - inner;
            Print($"{s_levels[level]}: self without probes {plainSelf:0.0} ns; raw {rawSelf:0.0} ns ({(rawSelf / plainSelf) - 1:+0%;-0%}), compensated {compensated:0.0} ns ({(compensated / plainSelf) - 1:+0.0%;-0.0%})");
        }
    }

    private static double PerCall(long start) => Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;

    private static double Low(double[] values) => values.Order().ElementAt(values.Length / 4);

    private static void Print(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// compensation: {line}"));
}
