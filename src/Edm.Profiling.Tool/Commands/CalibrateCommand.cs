using System.CommandLine;
using System.Globalization;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof calibrate [--runs N]</c>: measures what a probe call costs on this machine, as every session
/// does when it starts (docs/session-format.md, "Probe overhead"), several times, and prints each figure's
/// median and range, so the spread between runs (the machine's load) is visible.
/// </summary>
internal static class CalibrateCommand
{
    internal static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Calibrations to run (default 5)", DefaultValueFactory = _ => 5 };
        var command = new Command("calibrate", "Measure the probe's own cost per call on this machine (each session does this at its start), and how much it varies")
        {
            runs,
        };
        command.SetAction(parse => Run(parse.GetValue(runs)));
        return command;
    }

    private static int Run(int runs)
    {
        if (runs < 1)
        {
            throw new InputException($"--runs must be at least 1 (got {runs})");
        }

        var costs = new List<ProbeCost>();
        for (int i = 0; i < runs; i++)
        {
            using ProfilingSession session = Profiler.StartSession("calibrate", new SessionOptions { AdaptiveTiming = false });
            if (session.Stop().Settings.ProbeCost is { } cost)
            {
                costs.Add(cost);
            }
        }

        if (costs.Count == 0)
        {
            throw new InputException("probing is off in this process (EDM_PROFILING=0?), so there is nothing to calibrate");
        }

        IReadOnlyList<string> Row(string what, Func<ProbeCost, double> figure)
        {
            double[] values = [.. costs.Select(figure).Order()];
            return [what, Ns(values[values.Length / 2]), $"{Ns(values[0])} – {Ns(values[^1])}"];
        }

        AlignedTable.Write(
            Console.Out,
            ["figure", "median", "range"],
            [
                Row("Lightweight: inside the call", c => c.Lightweight.InnerNs),
                Row("Lightweight: whole call (in the caller)", c => c.Lightweight.TotalNs),
                Row("Lightweight: in the caller's self time", c => c.Lightweight.CallerSelfNs),
                Row("Detailed: inside the call", c => c.Detailed.InnerNs),
                Row("Detailed: whole call", c => c.Detailed.TotalNs),
                Row("async, completed task: inside the call", c => c.Async.InnerNs),
                Row("async, completed task: whole call", c => c.Async.TotalNs),
                Row("call counted by adaptive timing", c => c.SkippedCallNs),
                Row("timed call of a probe adaptive timing samples", c => c.Sampled?.TotalNs ?? 0),
                Row("calibration time", c => c.CalibrationNs),
            ],
            leftAligned: 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{costs.Count} calibration{(costs.Count == 1 ? "" : "s")} of {costs[0].Batches} batches × {costs[0].CallsPerBatch} calls; each figure is the median of its batches' differences, probed less plain"));
        return ExitCodes.Success;
    }

    private static string Ns(double ns) => ns >= 1e6
        ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{ns:0.0} ns");
}
