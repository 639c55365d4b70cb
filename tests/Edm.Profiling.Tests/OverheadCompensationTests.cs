using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary>
/// Calibration and compensation (docs/session-format.md, "Probe overhead") on a clock whose every read
/// costs a known 7 ns: the calibration must find that cost, and the compensated times must equal the
/// program's own times exactly, however deep or wide the tree, sync or async.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class OverheadCompensationTests
{
    private const long Read = 7;

    [Fact]
    public void Calibration_finds_the_known_cost_of_each_layer_and_records_it_in_the_settings()
    {
        using var clock = CostlyClock.Install(Read);
        using ProfilingSession session = Profiler.StartSession("calibrate");
        SessionReport report = session.Stop();

        ProbeCost cost = Assert.IsType<ProbeCost>(report.Settings.ProbeCost);
        // Sync: one read inside the call, two in the caller, of which the caller subtracts the inner one.
        Assert.Equal(new ProbeCostClass { InnerNs = Read, TotalNs = 2 * Read, CallerSelfNs = Read }, cost.Lightweight);
        Assert.Equal(cost.Lightweight, cost.Detailed);
        // Async, task complete on return: start, completion and the end of the synchronous part.
        Assert.Equal(Read, cost.Async.InnerNs);
        Assert.Equal(3 * Read, cost.Async.TotalNs);
        Assert.Equal(0, cost.SkippedCallNs);
        Assert.Equal(ProbeCalibration.Batches, cost.Batches);
        Assert.DoesNotContain(report.Probes, p => ProbeCalibration.IsOwn(p.Name));
        Assert.Empty(report.Methods);
    }

    [Fact]
    public void Calibration_takes_the_plain_call_out_when_the_work_around_the_probe_takes_time()
    {
        // The calibration's body of work takes 10 ns a step on this clock: the plain call (one step) is in the
        // probed calls' recorded time and in both loops' times, and must come out of every figure.
        using var clock = CostlyClock.Install(Read);
        ProbeCalibration.TestWork = () => clock.Advance(10);
        try
        {
            using ProfilingSession session = Profiler.StartSession("calibrate-around-work");
            ProbeCost cost = Assert.IsType<ProbeCost>(session.Stop().Settings.ProbeCost);

            Assert.Equal(new ProbeCostClass { InnerNs = Read, TotalNs = 2 * Read, CallerSelfNs = Read }, cost.Lightweight);
            Assert.Equal(cost.Lightweight, cost.Detailed);
            Assert.Equal(Read, cost.Async.InnerNs);
            Assert.Equal(3 * Read, cost.Async.TotalNs);
            Assert.Equal(0, cost.SkippedCallNs);
        }
        finally
        {
            ProbeCalibration.TestWork = null;
        }
    }

    [Fact]
    public void A_session_that_opts_out_records_no_cost_and_no_compensated_figures()
    {
        using var clock = CostlyClock.Install(Read);
        int probe = ProbeHarness.Register("Uncalibrated");
        using ProfilingSession session = Profiler.StartSession("uncalibrated", new SessionOptions { Calibrate = false });
        ProbeHarness.Call(probe, () => clock.Advance(100));
        SessionReport report = session.Stop();

        Assert.Null(report.Settings.ProbeCost);
        Assert.Null(report.Overhead);
        MethodStatistics method = Assert.Single(report.Methods);
        Assert.Null(method.CompensatedSelfNs);
        Assert.Equal(100 + Read, method.InclusiveNs);
    }

    [Fact]
    public void Compensated_times_equal_the_true_times_in_a_deep_tree()
    {
        using var clock = CostlyClock.Install(Read);
        int[] levels = [.. Enumerable.Range(0, 5).Select(i => ProbeHarness.Register($"Deep{i}"))];
        long[] ownPerCall = [11, 23, 5, 40, 97];
        const int Fanout = 3;
        using ProfilingSession session = Profiler.StartSession("deep");
        Nest(0);
        SessionReport report = session.Stop();

        void Nest(int level) => ProbeHarness.Call(levels[level], () =>
        {
            clock.Advance(ownPerCall[level]);
            for (int i = 0; level + 1 < levels.Length && i < Fanout; i++)
            {
                Nest(level + 1);
            }
        });

        long inclusiveBelow = 0;
        for (int level = levels.Length - 1; level >= 0; level--)
        {
            long calls = (long)Math.Pow(Fanout, level);
            long trueSelf = calls * ownPerCall[level];
            long trueInclusive = trueSelf + (level + 1 < levels.Length ? inclusiveBelow : 0);
            MethodStatistics method = Method(report, levels[level]);
            Assert.Equal(calls, method.Calls);
            Assert.Equal(trueSelf, method.CompensatedSelfNs);
            Assert.Equal(trueInclusive, method.CompensatedInclusiveNs);
            Assert.True(method.SelfNs > trueSelf, "the raw self time carries the probes' cost");
            inclusiveBelow = trueInclusive;
        }

        AssertTreeAdds(report);
    }

    [Fact]
    public void Compensated_times_equal_the_true_times_in_a_wide_tree_with_detailed_children()
    {
        using var clock = CostlyClock.Install(Read);
        int root = ProbeHarness.Register("WideRoot");
        int[] children = [.. Enumerable.Range(0, 20).Select(i => ProbeHarness.Register($"Wide{i}", i % 2 == 0 ? Layer.Lightweight : Layer.Detailed))];
        using ProfilingSession session = Profiler.StartSession("wide");
        ProbeHarness.Call(root, () =>
        {
            for (int round = 0; round < 7; round++)
            {
                clock.Advance(3);
                for (int c = 0; c < children.Length; c++)
                {
                    int child = c;
                    ProbeHarness.Call(children[child], () => clock.Advance(10 + child));
                }
            }
        });
        SessionReport report = session.Stop();

        long childrenTotal = 0;
        for (int c = 0; c < children.Length; c++)
        {
            MethodStatistics child = Method(report, children[c]);
            Assert.Equal(7 * (10 + c), child.CompensatedSelfNs);
            Assert.Equal(7 * (10 + c), child.CompensatedInclusiveNs);
            Assert.Equal(7 * (10 + c + Read), child.InclusiveNs);
            childrenTotal += 7 * (10 + c);
        }

        MethodStatistics rootStats = Method(report, root);
        Assert.Equal(7 * 3, rootStats.CompensatedSelfNs);
        Assert.Equal((7 * 3) + childrenTotal, rootStats.CompensatedInclusiveNs);
        AssertTreeAdds(report);
    }

    [Fact]
    public async Task Compensated_times_equal_the_true_times_with_async_calls_whose_tasks_complete_on_return()
    {
        using var clock = CostlyClock.Install(Read);
        int root = ProbeHarness.Register("AsyncRoot");
        int asyncChild = ProbeHarness.Register("AsyncChild", kind: ProbeKind.AsyncMethod);
        int leaf = ProbeHarness.Register("AsyncLeaf");
        using ProfilingSession session = Profiler.StartSession("async");
        await ProbeHarness.Call(root, async () =>
        {
            for (int i = 0; i < 4; i++)
            {
                clock.Advance(5);
                await ProbeHarness.CallAsync(asyncChild, () =>
                {
                    clock.Advance(30);
                    ProbeHarness.Call(leaf, () => clock.Advance(12));
                    ProbeHarness.Call(leaf, () => clock.Advance(12));
                    return Task.CompletedTask;
                });
            }
        });
        SessionReport report = session.Stop();

        Assert.Equal(4 * 2 * 12, Method(report, leaf).CompensatedSelfNs);
        Assert.Equal(4 * 30, Method(report, asyncChild).CompensatedSelfNs);
        Assert.Equal(4 * (30 + 24), Method(report, asyncChild).CompensatedInclusiveNs);
        Assert.Equal(4 * 5, Method(report, root).CompensatedSelfNs);
        Assert.Equal(4 * (5 + 30 + 24), Method(report, root).CompensatedInclusiveNs);
    }

    [Fact]
    public void The_session_estimates_what_its_probes_cost_the_run()
    {
        using var clock = CostlyClock.Install(Read);
        int parent = ProbeHarness.Register("CostParent");
        int child = ProbeHarness.Register("CostChild");
        using ProfilingSession session = Profiler.StartSession("overhead");
        ProbeHarness.Call(parent, () =>
        {
            for (int i = 0; i < 10; i++)
            {
                ProbeHarness.Call(child, () => clock.Advance(50));
            }
        });
        SessionReport report = session.Stop();

        ProbeOverhead overhead = Assert.IsType<ProbeOverhead>(report.Overhead);
        Assert.Equal(11 * 2 * Read, overhead.EstimatedNs);
        Assert.Equal(10 * 2 * Read, Method(report, child).ProbeOverheadNs);
        Assert.InRange(overhead.Share, 0.0001, 1.0);
    }

    [Fact]
    public void Compensation_never_goes_below_zero()
    {
        using var clock = CostlyClock.Install(Read);
        int parent = ProbeHarness.Register("ZeroParent");
        int child = ProbeHarness.Register("ZeroChild");
        using ProfilingSession session = Profiler.StartSession("zero");
        ProbeHarness.Call(parent, () => ProbeHarness.Call(child, () => { }));
        SessionReport report = session.Stop();

        Assert.Equal(0, Method(report, child).CompensatedSelfNs);
        Assert.Equal(0, Method(report, parent).CompensatedInclusiveNs);
        Assert.All(report.CallTree, n => Assert.True(n.CompensatedSelfNs >= 0));
    }

    private static MethodStatistics Method(SessionReport report, int probeId) =>
        Assert.Single(report.Methods, m => m.ProbeId == probeId);

    /// <summary>Compensated self plus the children's compensated inclusive gives the compensated inclusive.</summary>
    private static void AssertTreeAdds(SessionReport report)
    {
        foreach (CallTreeNode node in report.CallTree)
        {
            long children = report.CallTree.Where(c => c.ParentId == node.Id).Sum(c => c.CompensatedInclusiveNs!.Value);
            Assert.Equal(node.CompensatedInclusiveNs, node.CompensatedSelfNs + children);
        }
    }
}
