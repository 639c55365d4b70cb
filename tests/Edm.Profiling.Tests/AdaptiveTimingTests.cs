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
        Assert.Equal(4, AdaptiveTiming.EveryOf(leaf)); // 20 ns timed, 0 ns counted, 5 ns budget

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
        Assert.InRange(Skipped(after, leaf) - skippedBefore, 0, AdaptiveTiming.SlowStreak * ((2 * 4) - 2));
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
