using System.Collections.Concurrent;
using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary>
/// Adaptive timing (docs/session-format.md, "Adaptive timing"): exact counts, scaled totals within the
/// standard error the session reports (checked over many seeds), the caller's self time kept right, and a
/// sampled method that turns slow timed on every call again.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class AdaptiveTimingTests
{
    [Fact]
    public void A_hot_short_leaf_is_sampled_with_exact_counts_and_its_caller_keeps_its_true_self_time()
    {
        using var clock = ManualClock.Install();
        int parent = ProbeHarness.Register("SampledParent");
        int leaf = ProbeHarness.Register("SampledLeaf");
        using ProfilingSession session = Profiler.StartSession("sampled", new SessionOptions { Calibrate = false });
        ProbeHarness.Call(parent, () => ProbeHarness.Call(leaf, () => clock.Advance(20)));
        Sample(leaf, every: 8);
        const int Calls = 5_000;
        ProbeHarness.Call(parent, () =>
        {
            for (int i = 0; i < Calls; i++)
            {
                clock.Advance(3);
                ProbeHarness.Call(leaf, () => clock.Advance(20));
            }
        });
        SessionReport report = session.Stop();

        MethodStatistics leafStats = report.Methods.Single(m => m.ProbeId == leaf);
        SampledTiming sampling = Assert.IsType<SampledTiming>(leafStats.Sampling);
        Assert.Equal(Calls + 1, leafStats.Calls);
        Assert.InRange(sampling.TimedCalls, Calls / 16, Calls / 4);
        // Every call takes 20 ns: the scaled estimate is exact, and its error is zero.
        Assert.Equal((Calls + 1) * 20L, leafStats.TotalNs);
        Assert.Equal(0, sampling.TotalStandardErrorNs);
        Assert.Equal(Calls * 3L, report.Methods.Single(m => m.ProbeId == parent).SelfNs);

        CallTreeNode leafNode = Assert.Single(report.CallTree, n => n.ProbeId == leaf);
        Assert.Equal(Calls + 1, leafNode.Calls);
        Assert.Equal(sampling.TimedCalls, leafNode.TimedCalls);
    }

    [Fact]
    public void Many_threads_keep_exact_method_counts_and_node_counts_that_add_up_to_them()
    {
        int left = ProbeHarness.Register("ThreadsLeftCaller");
        int right = ProbeHarness.Register("ThreadsRightCaller");
        int leaf = ProbeHarness.Register("ThreadsSampledLeaf");
        const int Threads = 8, Rounds = 40_000;
        long counted = 0, fromLeft = 0;
        using ProfilingSession session = Profiler.StartSession("sampled threads", new SessionOptions { Calibrate = false });
        ProbeHarness.Call(left, () => ProbeHarness.Call(leaf, () => { })); // the paths, timed, before sampling
        ProbeHarness.Call(right, () => ProbeHarness.Call(leaf, () => { }));
        Sample(leaf, every: 8);
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var choice = new Random(t);
            long mine = 0, mineLeft = 0;
            start.SignalAndWait();
            for (int i = 0; i < Rounds; i++)
            {
                // Three calls from the left caller for one from the right, in random order, 1–3 leaf calls each.
                bool fromLeftCaller = choice.Next(4) != 0;
                int leafCalls = 1 + choice.Next(3);
                ProbeHarness.Call(fromLeftCaller ? left : right, () =>
                {
                    for (int c = 0; c < leafCalls; c++)
                    {
                        ProbeHarness.Call(leaf, () => mine++);
                    }
                });
                mineLeft += fromLeftCaller ? leafCalls : 0;
            }

            Interlocked.Add(ref counted, mine);
            Interlocked.Add(ref fromLeft, mineLeft);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        SessionReport report = session.Stop();

        // The method's count is exact; the nodes' counts add up to it, each an estimate close to the truth.
        MethodStatistics stats = report.Method(leaf);
        Assert.Equal(counted + 2, stats.Calls);
        SampledTiming sampling = Assert.IsType<SampledTiming>(stats.Sampling);
        Assert.InRange(sampling.TimedCalls, stats.Calls / 16, stats.Calls / 4);
        List<CallTreeNode> nodes = [.. report.CallTree.Where(n => n.ProbeId == leaf)];
        Assert.Equal(2, nodes.Count);
        Assert.Equal(stats.Calls, nodes.Sum(n => n.Calls));
        CallTreeNode leftNode = nodes.Single(n => n.ParentId == report.Node(left).Id);
        Assert.InRange(leftNode.Calls - 1, fromLeft * 0.95, fromLeft * 1.05);
        Assert.Equal(sampling.TimedCalls, nodes.Sum(n => n.TimedCalls ?? n.Calls));
    }

    [Fact]
    public void A_snapshot_mid_gap_counts_only_the_calls_made()
    {
        using var clock = ManualClock.Install();
        int leaf = ProbeHarness.Register("SnapshotLeaf");
        using ProfilingSession session = Profiler.StartSession("mid gap", new SessionOptions { Calibrate = false });
        ProbeHarness.Call(leaf, () => clock.Advance(10));
        Sample(leaf, every: 50);
        for (int i = 1; i <= 500; i++)
        {
            ProbeHarness.Call(leaf, () => clock.Advance(10));
            if (i % 37 == 0)
            {
                // A timed call credits the untimed calls of its gap at once; a reader sees only those made.
                SessionReport snapshot = session.Snapshot();
                Assert.Equal(i + 1, snapshot.Method(leaf).Calls);
                Assert.Equal(i + 1, snapshot.Node(leaf).Calls);
                Assert.Equal((i + 1) * 10L, snapshot.Method(leaf).TotalNs);
            }
        }

        Assert.Equal(501, session.Stop().Method(leaf).Calls);
    }

    [Fact]
    public void A_probe_switched_off_and_on_again_keeps_exact_counts()
    {
        using var clock = ManualClock.Install();
        int leaf = ProbeHarness.Register("OffAndOnLeaf");
        using ProfilingSession session = Profiler.StartSession("off and on", new SessionOptions { Calibrate = false });
        ProbeHarness.Call(leaf, () => clock.Advance(10));
        for (int round = 0; round < 20; round++)
        {
            Sample(leaf, every: 100);
            for (int i = 0; i < 30; i++)
            {
                ProbeHarness.Call(leaf, () => clock.Advance(10));
            }

            // Off mid-gap: the gap's remaining untimed calls are never made, and must not be counted.
            ProbeRegistry.SetSampled(leaf, false);
            for (int i = 0; i < 5; i++)
            {
                ProbeHarness.Call(leaf, () => clock.Advance(10));
            }
        }

        MethodStatistics stats = session.Stop().Method(leaf);
        Assert.Equal(1 + (20 * 35), stats.Calls);
        Assert.Equal((1 + (20 * 35)) * 10L, stats.TotalNs);
    }

    [Fact]
    public void Scaled_totals_stay_within_the_reported_standard_error_over_many_seeds()
    {
        using var clock = ManualClock.Install();
        int leaf = ProbeHarness.Register("SampledNoisyLeaf");
        const int Seeds = 200, Calls = 2_000;
        var z = new List<double>();
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var durations = new Random(seed * 7919);
            using ProfilingSession session = Profiler.StartSession("seeds", new SessionOptions { Calibrate = false });
            long trueTotal = 0;
            long first = 10 + durations.Next(90);
            trueTotal += first;
            ProbeHarness.Call(leaf, () => clock.Advance(first));
            ThreadBuffer.Current!.Reseed((ulong)seed);
            Sample(leaf, every: 10);
            for (int i = 1; i < Calls; i++)
            {
                // Skewed durations: mostly 10–100 ns, one call in 20 ten times longer.
                long ns = (10 + durations.Next(90)) * (durations.Next(20) == 0 ? 10 : 1);
                trueTotal += ns;
                ProbeHarness.Call(leaf, () => clock.Advance(ns));
            }

            MethodStatistics stats = session.Stop().Methods.Single(m => m.ProbeId == leaf);
            Assert.Equal(Calls, stats.Calls);
            SampledTiming sampling = Assert.IsType<SampledTiming>(stats.Sampling);
            Assert.True(sampling.TotalStandardErrorNs > 0);
            z.Add((stats.TotalNs - trueTotal) / (double)sampling.TotalStandardErrorNs);
        }

        // Roughly standard normal: 95% within 2 standard errors, 99.7% within 3, median |z| 0.67. With
        // skewed durations a run whose timed calls miss most long ones underestimates both the total and
        // its error, so a few percent of runs fall outside (docs/session-format.md says so).
        double[] magnitudes = [.. z.Select(Math.Abs).Order()];
        Assert.True(magnitudes.Count(v => v <= 2) >= 0.9 * Seeds, $"within 2 SE: {magnitudes.Count(v => v <= 2)} of {Seeds}");
        Assert.True(magnitudes.Count(v => v <= 3) >= 0.97 * Seeds, $"within 3 SE: {magnitudes.Count(v => v <= 3)} of {Seeds}");
        Assert.InRange(magnitudes[Seeds / 2], 0.45, 0.95);
        Assert.InRange(z.Average(), -0.3, 0.3);
    }

    [Fact]
    public void The_review_samples_a_hot_short_leaf_and_a_call_that_turns_slow_times_every_call_again()
    {
        using var clock = CostlyClock.Install(10); // a Lightweight probe costs 20 ns: "short" is under 100 ns
        int leaf = ProbeHarness.Register("TurnsSlow");
        int notLeaf = ProbeHarness.Register("HasChild");
        int optedOut = Probe.Register(new ProbeDescriptor($"Tests.OptedOut#{Guid.NewGuid():N}") { Sampling = false });
        using ProfilingSession session = Profiler.StartSession("review");
        for (int i = 0; i < (int)AdaptiveTiming.HotCalls; i++)
        {
            ProbeHarness.Call(leaf, () => clock.Advance(30));
            ProbeHarness.Call(optedOut, () => clock.Advance(30));
            ProbeHarness.Call(notLeaf, () => ProbeHarness.Call(leaf, () => clock.Advance(1)));
        }

        AdaptiveTiming.Review();
        Assert.True(ProbeRegistry.IsSampled(leaf));
        Assert.False(ProbeRegistry.IsSampled(optedOut), "opted out with Sampling = false");
        Assert.False(ProbeRegistry.IsSampled(notLeaf), "a caller of a profiled method is not sampled");
        // 20 ns timed (sampled or not: the clock's two reads), 0 ns counted, 75% of a 5 ns budget: N = ⌈20 / 3.75⌉.
        int every = AdaptiveTiming.EveryOf(leaf);
        Assert.Equal(6, every);

        for (int i = 0; i < 1_000; i++)
        {
            ProbeHarness.Call(leaf, () => clock.Advance(30));
        }

        SessionReport before = session.Snapshot();
        long skippedBefore = Skipped(before, leaf);
        Assert.True(skippedBefore > 0);

        // Slow now: the third slow timed call in a row (each within a gap of at most 2N−1 calls) switches sampling off.
        for (int i = 0; i < 1_000; i++)
        {
            ProbeHarness.Call(leaf, () => clock.Advance(5_000));
        }

        Assert.False(ProbeRegistry.IsSampled(leaf));
        SessionReport after = session.Stop();
        Assert.InRange(Skipped(after, leaf) - skippedBefore, 0, AdaptiveTiming.SlowStreak * ((2 * every) - 2));
        Assert.Equal((2 * AdaptiveTiming.HotCalls) + 2_000, after.Methods.Single(m => m.ProbeId == leaf).Calls);
    }

    [Fact]
    public void A_run_can_turn_adaptive_timing_off()
    {
        using var clock = CostlyClock.Install(10);
        int leaf = ProbeHarness.Register("NeverSampled");
        using ProfilingSession session = Profiler.StartSession("off", new SessionOptions { AdaptiveTiming = false });
        for (int i = 0; i < (int)AdaptiveTiming.HotCalls; i++)
        {
            ProbeHarness.Call(leaf, () => clock.Advance(30));
        }

        AdaptiveTiming.Review();
        Assert.False(ProbeRegistry.IsSampled(leaf));
        SessionReport report = session.Stop();
        Assert.Null(report.Settings.AdaptiveTimingBudgetNs);
        Assert.Null(report.Methods.Single(m => m.ProbeId == leaf).Sampling);
    }

    [Fact]
    public void The_sampling_period_keeps_the_amortised_cost_within_the_budget()
    {
        var cost = new ProbeCost
        {
            Lightweight = new ProbeCostClass { InnerNs = 20, TotalNs = 60, CallerSelfNs = 40 },
            Detailed = new ProbeCostClass(),
            Async = new ProbeCostClass(),
            SkippedCallNs = 3,
        };
        int every = AdaptiveTiming.EveryFor(cost, budgetNs: 5);
        Assert.True((3.0 * (every - 1) / every) + (60.0 / every) <= 5.0);
        Assert.True((3.0 * (every - 2) / (every - 1)) + (60.0 / (every - 1)) > 5.0, "the smallest such N");
        Assert.Equal(1, AdaptiveTiming.EveryFor(cost, budgetNs: 100));
        Assert.Equal(AdaptiveTiming.MaxEvery, AdaptiveTiming.EveryFor(cost with { SkippedCallNs = 6 }, budgetNs: 5));
    }

    [Fact]
    public void The_sampling_period_is_chosen_from_the_sampled_timed_call_when_it_was_measured()
    {
        var cost = new ProbeCost
        {
            Lightweight = new ProbeCostClass { InnerNs = 20, TotalNs = 60, CallerSelfNs = 40 },
            Detailed = new ProbeCostClass(),
            Async = new ProbeCostClass(),
            SkippedCallNs = 2,
            Sampled = new ProbeCostClass { InnerNs = 25, TotalNs = 90, CallerSelfNs = 65 },
        };

        // (90 − 2) / (3.75 − 2) = 50.3: N = 51 keeps 2·50/51 + 90/51 = 3.73 ns within 75% of a 5 ns budget.
        int every = AdaptiveTiming.EveryFor(cost, AdaptiveTiming.BudgetShare * 5);
        Assert.Equal(51, every);
        Assert.True((2.0 * (every - 1) / every) + (90.0 / every) <= AdaptiveTiming.BudgetShare * 5);

        // From the plain Lightweight call, which costs less, N would have been smaller: the amortised cost over.
        int fromLightweight = AdaptiveTiming.EveryFor(cost with { Sampled = null }, AdaptiveTiming.BudgetShare * 5);
        Assert.Equal(34, fromLightweight);
        Assert.True((2.0 * (fromLightweight - 1) / fromLightweight) + (90.0 / fromLightweight) > AdaptiveTiming.BudgetShare * 5);
    }

    [Fact]
    public void The_sampling_period_is_chosen_from_the_larger_of_the_two_counted_call_measurements()
    {
        // The regression this guards: around a chain of work a counted call measured 0 ns (its instructions
        // ran in the chain's shadow), so N came out at 20 and a 20 ns method paid 7–8 ns a call.
        var cost = new ProbeCost
        {
            Lightweight = new ProbeCostClass { InnerNs = 18, TotalNs = 54, CallerSelfNs = 36 },
            Detailed = new ProbeCostClass(),
            Async = new ProbeCostClass(),
            Sampled = new ProbeCostClass { InnerNs = 20, TotalNs = 75, CallerSelfNs = 55 },
        };
        double budget = AdaptiveTiming.BudgetShare * 5;
        Assert.Equal(3.2, ProbeCalibration.CountedCallNs(aroundWorkNs: 0, backToBackNs: 3.2));
        Assert.Equal(3.6, ProbeCalibration.CountedCallNs(aroundWorkNs: 3.6, backToBackNs: 3.2));

        // (75 − 3.2) / (3.75 − 3.2) = 130.5: N = 131; from the 0 ns figure alone N would be 20.
        Assert.Equal(131, AdaptiveTiming.EveryFor(cost with { SkippedCallNs = ProbeCalibration.CountedCallNs(0, 3.2) }, budget));
        Assert.Equal(20, AdaptiveTiming.EveryFor(cost with { SkippedCallNs = 0 }, budget));
        Assert.Equal(
            AdaptiveTiming.EveryFor(cost with { SkippedCallNs = 3.6 }, budget),
            AdaptiveTiming.EveryFor(cost with { SkippedCallNs = ProbeCalibration.CountedCallNs(3.6, 3.2) }, budget));
    }

    [Fact]
    public void The_calibration_measures_a_counted_call_back_to_back_where_the_work_around_it_hides_its_cost()
    {
        // On this clock a counted call costs nothing around the body of work (it reads no clock) and 4 ns
        // back to back (5 ns a counted step against 1 ns a plain one): the session records the 4 ns.
        using var clock = CostlyClock.Install(7);
        ProbeCalibration.TestWork = () => clock.Advance(10);
        ProbeCalibration.TestBareStep = counted => clock.Advance(counted ? 5 : 1);
        try
        {
            using ProfilingSession session = Profiler.StartSession("counted-back-to-back");
            ProbeCost cost = Assert.IsType<ProbeCost>(session.Stop().Settings.ProbeCost);
            Assert.Equal(4, cost.SkippedCallNs);
        }
        finally
        {
            ProbeCalibration.TestWork = null;
            ProbeCalibration.TestBareStep = null;
        }
    }

    [Fact]
    public void A_countdown_left_by_an_earlier_session_does_not_count_calls_of_the_next()
    {
        using var clock = ManualClock.Install();
        int leaf = ProbeHarness.Register("StaleCountdownLeaf");
        using var work = new BlockingCollection<Action>();
        var worker = new Thread(() =>
        {
            foreach (Action action in work.GetConsumingEnumerable())
            {
                action();
            }
        });
        worker.Start();
        void OnWorker(Action action)
        {
            using var done = new ManualResetEventSlim();
            work.Add(() =>
            {
                action();
                done.Set();
            });
            done.Wait();
        }

        try
        {
            using (ProfilingSession first = Profiler.StartSession("first", new SessionOptions { Calibrate = false }))
            {
                OnWorker(() => ProbeHarness.Call(leaf, () => clock.Advance(10)));
                Sample(leaf, every: 1_000_000);

                // The first call is timed and credits a gap far longer than the session: the worker keeps a countdown.
                OnWorker(() =>
                {
                    for (int i = 0; i < 10; i++)
                    {
                        ProbeHarness.Call(leaf, () => clock.Advance(10));
                    }
                });
                Assert.Equal(11, first.Stop().Method(leaf).Calls);
            }

            using ProfilingSession second = Profiler.StartSession("second", new SessionOptions { Calibrate = false });
            Sample(leaf, every: 1_000_000);

            // The worker has not called a probe in this session: its old countdown must not take these calls.
            OnWorker(() =>
            {
                for (int i = 0; i < 5; i++)
                {
                    ProbeHarness.Call(leaf, () => clock.Advance(10));
                }
            });
            MethodStatistics stats = second.Stop().Method(leaf);
            Assert.Equal(5, stats.Calls);
            Assert.Equal(50, stats.TotalNs);
        }
        finally
        {
            work.CompleteAdding();
            worker.Join();
        }
    }

    private static void Sample(int probeId, int every)
    {
        AdaptiveTiming.SetEvery(probeId, every);
        ProbeRegistry.SetSampled(probeId, true);
    }

    private static long Skipped(SessionReport report, int probeId)
    {
        MethodStatistics method = report.Methods.Single(m => m.ProbeId == probeId);
        return method.Sampling is { } s ? method.Calls - s.TimedCalls : 0;
    }
}
