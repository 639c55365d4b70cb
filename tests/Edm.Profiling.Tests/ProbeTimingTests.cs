using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class ProbeTimingTests
{
    [Fact]
    public void Nested_calls_split_self_and_inclusive_time()
    {
        using var clock = ManualClock.Install();
        int outer = ProbeHarness.Register("Outer");
        int inner = ProbeHarness.Register("Inner");
        using ProfilingSession session = Profiler.StartSession("nested");

        ProbeHarness.Call(outer, () =>
        {
            clock.Advance(10);
            ProbeHarness.Call(inner, () => clock.Advance(20));
            clock.Advance(5);
            ProbeHarness.Call(inner, () => clock.Advance(7));
        });

        SessionReport report = session.Stop();
        MethodStatistics o = report.Method(outer);
        MethodStatistics i = report.Method(inner);
        Assert.Equal(1, o.Calls);
        Assert.Equal(42, o.InclusiveNs);
        Assert.Equal(15, o.SelfNs);
        Assert.Equal(2, i.Calls);
        Assert.Equal(27, i.InclusiveNs);
        Assert.Equal(27, i.SelfNs);
        Assert.Equal(7, i.MinNs);
        Assert.Equal(20, i.MaxNs);
        Assert.Equal(13, i.MeanNs);

        CallTreeNode outerNode = report.Node(outer);
        CallTreeNode innerNode = report.Node(inner);
        Assert.Null(outerNode.ParentId);
        Assert.Equal(outerNode.Id, innerNode.ParentId);
        Assert.Equal(2, innerNode.Calls);
        Assert.Equal(27, innerNode.InclusiveNs);
        Assert.Equal(15, outerNode.SelfNs);
    }

    [Fact]
    public void Repeated_calls_record_the_same_figures_on_every_pass()
    {
        // The first pass creates the paths and slots on the guarded general path; later passes take
        // the inline fast path. Both must record exactly the same figures.
        using var clock = ManualClock.Install();
        int outer = ProbeHarness.Register("RepeatOuter");
        int inner = ProbeHarness.Register("RepeatInner");
        using ProfilingSession session = Profiler.StartSession("repeat");

        const int Passes = 4;
        for (int pass = 0; pass < Passes; pass++)
        {
            ProbeHarness.Call(outer, () =>
            {
                clock.Advance(10);
                ProbeHarness.Call(inner, () => clock.Advance(20));
                clock.Advance(5);
                Assert.Throws<InvalidOperationException>(() => ProbeHarness.Call(inner, () =>
                {
                    clock.Advance(7);
                    throw new InvalidOperationException("faulted call");
                }));
            });
        }

        SessionReport report = session.Stop();
        MethodStatistics o = report.Method(outer);
        MethodStatistics i = report.Method(inner);
        Assert.Equal(Passes, o.Calls);
        Assert.Equal(Passes * 42, o.InclusiveNs);
        Assert.Equal(Passes * 15, o.SelfNs);
        Assert.Equal(42, o.MinNs);
        Assert.Equal(42, o.MaxNs);
        Assert.Equal(2 * Passes, i.Calls);
        Assert.Equal(Passes, i.FaultedCalls);
        Assert.Equal(Passes * 27, i.InclusiveNs);
        Assert.Equal(7, i.MinNs);
        Assert.Equal(20, i.MaxNs);

        CallTreeNode outerNode = report.Node(outer);
        CallTreeNode innerNode = report.Node(inner);
        Assert.Equal(outerNode.Id, innerNode.ParentId);
        Assert.Equal(2 * Passes, innerNode.Calls);
        Assert.Equal(Passes * 15, outerNode.SelfNs);
    }

    [Fact]
    public void Recursion_counts_inclusive_time_once_and_self_time_per_activation()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("Recursive");
        using ProfilingSession session = Profiler.StartSession("recursion");

        void Recurse(int depth) => ProbeHarness.Call(probe, () =>
        {
            clock.Advance(10);
            if (depth > 1)
            {
                Recurse(depth - 1);
                clock.Advance(10);
            }
        });

        Recurse(3); // durations: 10 (innermost), 30, 50

        MethodStatistics m = session.Stop().Method(probe);
        Assert.Equal(3, m.Calls);
        Assert.Equal(50, m.InclusiveNs);
        Assert.Equal(90, m.TotalNs);
        Assert.Equal(50, m.SelfNs);
        Assert.Equal(10, m.MinNs);
        Assert.Equal(50, m.MaxNs);
    }

    [Fact]
    public void Recursion_builds_one_tree_node_per_depth()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("TreeRecursive");
        using ProfilingSession session = Profiler.StartSession("recursion-tree");

        void Recurse(int depth) => ProbeHarness.Call(probe, () =>
        {
            clock.Advance(1);
            if (depth > 1)
            {
                Recurse(depth - 1);
            }
        });

        Recurse(4);

        var nodes = session.Stop().CallTree.Where(n => n.ProbeId == probe).ToList();
        Assert.Equal(4, nodes.Count);
        Assert.Null(nodes[0].ParentId);
        for (int d = 1; d < 4; d++)
        {
            Assert.Equal(nodes[d - 1].Id, nodes[d].ParentId);
        }

        Assert.Equal([4L, 3, 2, 1], nodes.Select(n => n.InclusiveNs));
    }

    [Fact]
    public void An_exception_passes_through_unchanged_and_counts_as_faulted()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("Throws");
        using ProfilingSession session = Profiler.StartSession("exceptions");
        var thrown = new InvalidOperationException("boom");

        var caught = Assert.Throws<InvalidOperationException>(() => ProbeHarness.Call(probe, () => Thrower(thrown)));
        ProbeHarness.Call(probe, () => clock.Advance(3));

        Assert.Same(thrown, caught);
        Assert.Contains(nameof(Thrower), caught.StackTrace, StringComparison.Ordinal);
        MethodStatistics m = session.Stop().Method(probe);
        Assert.Equal(2, m.Calls);
        Assert.Equal(1, m.FaultedCalls);
    }

    private static void Thrower(Exception e) => throw e;

    [Fact]
    public void A_call_in_flight_when_its_session_stops_is_counted_in_neither_session()
    {
        using var clock = ManualClock.Install();
        int inFlight = ProbeHarness.Register("InFlight");
        int later = ProbeHarness.Register("Later");

        ProfilingSession first = Profiler.StartSession("first");
        ProbeFrame frame = Probe.Enter(inFlight);
        clock.Advance(100);
        SessionReport firstReport = first.Stop();

        using ProfilingSession second = Profiler.StartSession("second");
        ProbeHarness.Call(later, () => clock.Advance(4));
        Probe.Exit(ref frame);
        ProbeHarness.Call(later, () => clock.Advance(6));
        SessionReport secondReport = second.Stop();

        Assert.Null(firstReport.MaybeMethod(inFlight));
        Assert.Null(secondReport.MaybeMethod(inFlight));
        MethodStatistics l = secondReport.Method(later);
        Assert.Equal(2, l.Calls);
        Assert.Equal(10, l.InclusiveNs);
    }

    [Fact]
    public void Calls_outside_any_session_are_not_recorded()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("Outside");
        ProbeHarness.Call(probe, () => clock.Advance(5));

        using ProfilingSession session = Profiler.StartSession("after");
        Assert.Null(session.Stop().MaybeMethod(probe));
    }

    [Fact]
    public void Overlapping_sessions_are_refused_with_a_clear_message()
    {
        using ProfilingSession running = Profiler.StartSession("running");
        var error = Assert.Throws<InvalidOperationException>(() => Profiler.StartSession("second"));
        Assert.Contains("'running'", error.Message, StringComparison.Ordinal);
        Assert.Same(running, Profiler.ActiveSession);
    }

    [Fact]
    public void Stop_twice_returns_the_same_report()
    {
        ProfilingSession session = Profiler.StartSession("twice");
        SessionReport first = session.Stop();
        Assert.Same(first, session.Stop());
        Assert.False(session.IsRunning);
        Assert.Null(Profiler.ActiveSession);
    }

    [Fact]
    public void A_snapshot_reports_the_calls_so_far_and_the_session_goes_on()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("Snapshot");
        using ProfilingSession session = Profiler.StartSession("snapshot");
        ProbeHarness.Call(probe, () => clock.Advance(5));

        SessionReport snapshot = session.Snapshot();
        ProbeHarness.Call(probe, () => clock.Advance(7));
        SessionReport final = session.Stop();

        Assert.True(final.DurationNs >= snapshot.DurationNs);
        Assert.Equal(1, snapshot.Method(probe).Calls);
        Assert.Equal(2, final.Method(probe).Calls);
        Assert.Equal(12, final.Method(probe).InclusiveNs);
    }

    [Fact]
    public void Probes_with_the_same_name_share_an_id()
    {
        var descriptor = new ProbeDescriptor("Tests.Shared.Method(int)");
        Assert.Equal(Probe.Register(descriptor), Probe.Register(descriptor with { Line = 42 }));
    }

    [Fact]
    public void A_scope_is_recorded_like_a_method_and_nests_under_its_caller()
    {
        using var clock = ManualClock.Install();
        int caller = ProbeHarness.Register("ScopeCaller");
        using ProfilingSession session = Profiler.StartSession("scopes");

        ProbeHarness.Call(caller, () =>
        {
            using (Profiler.Scope("Tests.load block", Layer.Lightweight))
            {
                clock.Advance(30);
            }

            clock.Advance(5);
        });

        SessionReport report = session.Stop();
        ProbeInfo scope = report.Probes.Single(p => p.Name == "Tests.load block");
        Assert.Equal(ProbeKind.Scope, scope.Kind);
        MethodStatistics s = report.Method(scope.Id);
        Assert.Equal(1, s.Calls);
        Assert.Equal(30, s.InclusiveNs);
        Assert.Equal(5, report.Method(caller).SelfNs);
        Assert.Equal(report.Node(caller).Id, report.Node(scope.Id).ParentId);
    }

    [Fact]
    public void A_scope_that_ends_on_another_thread_is_recorded_with_a_warning_and_leaves_the_stack_clean()
    {
        using var clock = ManualClock.Install();
        int after = ProbeHarness.Register("AfterDetachedScope");
        using ProfilingSession session = Profiler.StartSession("detached");

        ProfilerScope scope = Profiler.Scope("Tests.detached scope", Layer.Lightweight);
        clock.Advance(12);
        var thread = new Thread(() => scope.Dispose());
        thread.Start();
        thread.Join();
        ProbeHarness.Call(after, () => clock.Advance(1));

        SessionReport report = session.Stop();
        ProbeInfo probe = report.Probes.Single(p => p.Name == "Tests.detached scope");
        Assert.Equal(12, report.Method(probe.Id).InclusiveNs);
        Assert.Contains(report.Warnings, w => w.Contains("Tests.detached scope", StringComparison.Ordinal));
        Assert.Null(report.Node(after).ParentId); // the orphaned scope frame was popped, not inherited
    }

    [Fact]
    public void A_scope_that_ends_on_another_thread_inside_a_caller_leaves_later_calls_at_its_depth_intact()
    {
        using var clock = ManualClock.Install();
        int caller = ProbeHarness.Register("CallerOfDetached");
        int outer = ProbeHarness.Register("LaterOuter");
        int inner = ProbeHarness.Register("LaterInner");
        using ProfilingSession session = Profiler.StartSession("detached-in-caller");
        ProbeHarness.Call(caller, () =>
        {
            ProfilerScope scope = Profiler.Scope("Tests.detached in caller", Layer.Lightweight);
            var thread = new Thread(() => scope.Dispose());
            thread.Start();
            thread.Join();
        });

        // The scope's frame sat at depth 1, and so does this outer call: it must not be taken for orphaned.
        ProbeHarness.Call(caller, () => ProbeHarness.Call(outer, () => ProbeHarness.Call(inner, () => clock.Advance(5))));

        SessionReport report = session.Stop();
        Assert.Equal(1, report.Method(outer).Calls);
        Assert.Equal(report.Node(outer).Id, report.Node(inner).ParentId);
    }
}
