using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary>
/// The calibration again at a session's stop (docs/session-format.md, "Probe overhead"), on a clock whose
/// read cost changes after the start's calibration: the program's warmed code pays a probe cost the
/// start's loops did not, and only the stop's figures compensate it exactly.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class StopCalibrationTests
{
    private const long AtStart = 7, InPlace = 19;

    // The warm-up thread does not run on an injected clock (its reads would move the test's times): the
    // tests mark the loops warm, as a long session of a real program leaves them.
    private static void WaitUntilWarm() => ProbeCalibration.TieredWarm = true;

    [Fact]
    public void The_stop_measures_the_lightweight_cost_again_and_compensated_times_equal_the_true_times()
    {
        using var clock = CostlyClock.Install(AtStart);
        int[] levels = [.. Enumerable.Range(0, 4).Select(i => ProbeHarness.Register($"StopLevel{i}"))];
        long[] ownPerCall = [20, 20, 20, 100];
        using ProfilingSession session = Profiler.StartSession("stop-calibrated", new SessionOptions { CalibrateAtStopAfter = TimeSpan.Zero, AdaptiveTiming = false });
        clock.ReadCost = InPlace;
        for (int i = 0; i < 10; i++)
        {
            Nest(0);
        }

        WaitUntilWarm();
        SessionReport report = session.Stop();

        void Nest(int level) => ProbeHarness.Call(levels[level], () =>
        {
            clock.Advance(ownPerCall[level]);
            if (level + 1 < levels.Length)
            {
                Nest(level + 1);
            }
        });

        ProbeCost cost = Assert.IsType<ProbeCost>(report.Settings.ProbeCost);
        Assert.Equal(new ProbeCostClass { InnerNs = AtStart, TotalNs = 2 * AtStart, CallerSelfNs = AtStart }, cost.Lightweight);
        ProbeCostAtStop atStop = Assert.IsType<ProbeCostAtStop>(cost.AtStop);
        Assert.Equal(new ProbeCostClass { InnerNs = InPlace, TotalNs = 2 * InPlace, CallerSelfNs = InPlace }, atStop.Lightweight);
        Assert.Equal(ProbeCalibration.StopBatches, atStop.Batches);

        long inclusiveBelow = 0;
        for (int level = levels.Length - 1; level >= 0; level--)
        {
            long trueSelf = 10 * ownPerCall[level];
            long trueInclusive = trueSelf + inclusiveBelow;
            MethodStatistics method = report.Methods.Single(m => m.ProbeId == levels[level]);
            Assert.Equal(10, method.Calls);
            Assert.Equal(trueSelf, method.CompensatedSelfNs);
            Assert.Equal(trueInclusive, method.CompensatedInclusiveNs);
            inclusiveBelow = trueInclusive;
        }

        // The stop's loops ran on a thread of their own under the session's epoch: nothing of theirs is in the report.
        Assert.DoesNotContain(report.Probes, p => ProbeCalibration.IsOwn(p.Name));
        Assert.Equal(levels.Length, report.Methods.Count);
        Assert.Equal(levels.Length, report.CallTree.Count);
    }

    [Fact]
    public void The_warm_up_thread_records_nothing_a_report_or_snapshot_shows()
    {
        // The real clock: the warm-up runs (bursts every millisecond here) while the session's calls go on.
        TimeSpan interval = ProbeCalibration.WarmInterval;
        ProbeCalibration.WarmInterval = TimeSpan.FromMilliseconds(1);
        try
        {
            int probe = ProbeHarness.Register("StopWarmUp");
            using ProfilingSession session = Profiler.StartSession("stop-warm-up", new SessionOptions { CalibrateAtStopAfter = TimeSpan.Zero, AdaptiveTiming = false });
            SessionReport? snapshot = null;
            for (int i = 0; i < 200; i++)
            {
                ProbeHarness.Call(probe, () => Thread.Sleep(1));
                if (i == 100)
                {
                    snapshot = session.Snapshot();
                }
            }

            SessionReport report = session.Stop();
            foreach (SessionReport r in new[] { snapshot!, report })
            {
                Assert.DoesNotContain(r.Probes, p => ProbeCalibration.IsOwn(p.Name));
                Assert.Equal(probe, Assert.Single(r.Methods).ProbeId);
                Assert.Equal(probe, Assert.Single(r.CallTree).ProbeId);
            }

            Assert.Equal(200, Assert.Single(report.Methods).Calls);
        }
        finally
        {
            ProbeCalibration.WarmInterval = interval;
        }
    }

    [Theory]
    [InlineData(7, 14, 5, 10, 5, 14)]   // the stop's total lower: the start's kept, the stop's inner part
    [InlineData(7, 14, 19, 38, 19, 38)] // the stop's total higher (a process that slowed): the stop's
    [InlineData(7, 14, 20, 12, 14, 14)] // an inner part above the total (the larger one) is cut to it
    public void Compensation_takes_the_stops_inner_part_and_the_larger_total(double startInner, double startTotal, double stopInner, double stopTotal, double inner, double total)
    {
        var cost = new ProbeCost
        {
            Lightweight = new ProbeCostClass { InnerNs = startInner, TotalNs = startTotal, CallerSelfNs = startTotal - startInner },
            Detailed = new ProbeCostClass(),
            Async = new ProbeCostClass(),
            AtStop = new ProbeCostAtStop { Lightweight = new ProbeCostClass { InnerNs = stopInner, TotalNs = stopTotal, CallerSelfNs = stopTotal - stopInner }, Batches = 45 },
        };

        Assert.Equal(new ProbeCostClass { InnerNs = inner, TotalNs = total, CallerSelfNs = total - inner }, OverheadCompensation.Lightweight(cost));
        Assert.Equal(cost.Lightweight, OverheadCompensation.Lightweight(cost with { AtStop = null }));
    }

    [Fact]
    public void A_session_shorter_than_the_threshold_keeps_the_start_figures()
    {
        using var clock = CostlyClock.Install(AtStart);
        int probe = ProbeHarness.Register("StopShort");
        using ProfilingSession session = Profiler.StartSession("stop-short");
        clock.ReadCost = InPlace;
        ProbeHarness.Call(probe, () => clock.Advance(100));
        SessionReport report = session.Stop();

        ProbeCost cost = Assert.IsType<ProbeCost>(report.Settings.ProbeCost);
        Assert.Null(cost.AtStop);
        // Compensated with the start's inner part: the read cost that changed is left in.
        Assert.Equal(100 + InPlace - AtStart, Assert.Single(report.Methods).CompensatedSelfNs);
    }

    [Fact]
    public void A_session_that_opts_out_of_the_stop_calibration_keeps_the_start_figures()
    {
        using var clock = CostlyClock.Install(AtStart);
        int probe = ProbeHarness.Register("StopOptOut");
        using ProfilingSession session = Profiler.StartSession("stop-opt-out", new SessionOptions { CalibrateAtStop = false, CalibrateAtStopAfter = TimeSpan.Zero });
        ProbeHarness.Call(probe, () => clock.Advance(100));
        Assert.Null(session.Stop().Settings.ProbeCost?.AtStop);
    }

    [Fact]
    public void The_stop_figures_are_written_and_read_back()
    {
        using var clock = CostlyClock.Install(AtStart);
        int probe = ProbeHarness.Register("StopJson");
        using ProfilingSession session = Profiler.StartSession("stop-json", new SessionOptions { CalibrateAtStopAfter = TimeSpan.Zero });
        clock.ReadCost = InPlace;
        ProbeHarness.Call(probe, () => clock.Advance(100));
        WaitUntilWarm();
        SessionReport report = session.Stop();

        string json = SessionJson.Serialize(report);
        Assert.Contains("\"atStop\"", json, StringComparison.Ordinal);
        SessionSchema.AssertValid(json);
        SessionReport read = SessionJson.Deserialize(json);
        Assert.Equal(report.Settings.ProbeCost!.AtStop, read.Settings.ProbeCost!.AtStop);
        Assert.Equal(100, Assert.Single(read.Methods).CompensatedSelfNs);
    }
}
