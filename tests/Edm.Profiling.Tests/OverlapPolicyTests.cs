using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary>
/// The self-time policy for children that overlap their parent in time (docs/session-format.md, "Self
/// time"): the parent's self time leaves out the time during which a child ran, up to the parent's end,
/// whether the parent awaited it, waited for it synchronously, or went on. Each test is a shrunk case
/// of the invariant tests, on a manual clock; gates released with <see cref="Release"/> resume the
/// awaiting code on a thread-pool thread while the caller waits, as real I/O would.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class OverlapPolicyTests
{
    [Fact]
    public void A_scope_waiting_synchronously_on_an_async_method_with_an_awaiting_scope_is_not_charged_twice()
    {
        // The reported defect: outer 864.7 ms self + inner 812.1 ms self in a 0.89 s session.
        using var clock = ManualClock.Install();
        using ProfilingSession session = Profiler.StartSession("wait-on-awaiting-scope");
        var gate = new TaskCompletionSource();
        using (Profiler.Scope("Tests.overlap outer", Layer.Lightweight))
        {
            clock.Advance(10);
            Task innerTask = ScopeAcrossAwait("Tests.overlap inner", gate.Task, clock, before: 20, after: 30);
            Release(gate);
            WaitSynchronously(innerTask);
            clock.Advance(5);
        }

        SessionReport report = session.Stop();
        MethodStatistics outer = Scope(report, "Tests.overlap outer");
        MethodStatistics inner = Scope(report, "Tests.overlap inner");
        Assert.Equal(65, outer.InclusiveNs);
        Assert.Equal(50, inner.InclusiveNs);
        Assert.Equal(50, inner.SelfNs);
        Assert.Equal(15, outer.SelfNs);
        Assert.Equal(outer.InclusiveNs, outer.SelfNs + inner.SelfNs);
    }

    [Fact]
    public void A_method_waiting_with_Result_on_a_profiled_async_call_leaves_its_whole_time_out_of_its_self_time()
    {
        using var clock = ManualClock.Install();
        int caller = ProbeHarness.Register("WaitingCaller");
        int child = ProbeHarness.Register("WaitedChild", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("wait-on-async");
        var gate = new TaskCompletionSource();
        ProbeHarness.Call(caller, () =>
        {
            clock.Advance(10);
            Task<int> task = ProbeHarness.CallAsync(child, async () =>
            {
                clock.Advance(20);
                await gate.Task.ConfigureAwait(false);
                clock.Advance(30);
                return 1;
            });
            Release(gate);
            _ = task.Result;
            clock.Advance(5);
        });

        SessionReport report = session.Stop();
        Assert.Equal(65, report.Method(caller).InclusiveNs);
        Assert.Equal(50, report.Method(child).InclusiveNs);
        Assert.Equal(50, report.Method(child).SelfNs);
        Assert.Equal(15, report.Method(caller).SelfNs);
        Assert.Equal(report.Node(caller).Id, report.Node(child).ParentId);
    }

    [Fact]
    public void A_fire_and_forget_child_is_left_out_of_its_callers_self_time_up_to_the_callers_end()
    {
        using var clock = ManualClock.Install();
        int caller = ProbeHarness.Register("ForgettingCaller");
        int child = ProbeHarness.Register("ForgottenChild", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("fire-and-forget");
        var gate = new TaskCompletionSource();
        Task? forgotten = null;
        ProbeHarness.Call(caller, () =>
        {
            clock.Advance(10);
            forgotten = ProbeHarness.CallAsync(child, async () =>
            {
                clock.Advance(20);
                await gate.Task.ConfigureAwait(false);
                clock.Advance(30);
            });
            clock.Advance(7); // the caller's own work while the child is in flight: the child's time
        });

        Release(gate);
        WaitSynchronously(forgotten!);
        SessionReport report = session.Stop();
        Assert.Equal(37, report.Method(caller).InclusiveNs);
        Assert.Equal(10, report.Method(caller).SelfNs);
        Assert.Equal(57, report.Method(child).InclusiveNs);
        Assert.Equal(57, report.Method(child).SelfNs);
    }

    [Fact]
    public async Task Children_running_at_the_same_time_are_each_left_out_of_their_parents_self_time()
    {
        using var clock = ManualClock.Install();
        int parent = ProbeHarness.Register("FanOutParent", kind: ProbeKind.AsyncMethod);
        int child = ProbeHarness.Register("FanOutChild", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("fan-out");
        var gates = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        Task run = ProbeHarness.CallAsync(parent, async () =>
        {
            clock.Advance(10);
            Task first = ProbeHarness.CallAsync(child, async () => { clock.Advance(4); await gates[0].Task; clock.Advance(6); });
            Task second = ProbeHarness.CallAsync(child, async () => { clock.Advance(4); await gates[1].Task; clock.Advance(6); });
            await Task.WhenAll(first, second);
            clock.Advance(3);
        });

        // Released on this thread, in order: each child's rest runs inline, so the clock is deterministic.
        gates[0].SetResult();
        gates[1].SetResult();
        await run;
        SessionReport report = session.Stop();

        // Children ran [10, 24] and [14, 30]: 14 + 16 ns left out of 33.
        Assert.Equal(33, report.Method(parent).InclusiveNs);
        Assert.Equal(3, report.Method(parent).SelfNs);
        Assert.Equal(2, report.Method(child).Calls);
        Assert.Equal(30, report.Method(child).InclusiveNs);
    }

    [Fact]
    public async Task A_scope_across_an_await_inside_an_async_method_is_left_out_of_that_methods_self_time()
    {
        using var clock = ManualClock.Install();
        int method = ProbeHarness.Register("AsyncWithAwaitingScope", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("scope-in-async");
        var gate = new TaskCompletionSource();
        Task run = ProbeHarness.CallAsync(method, async () =>
        {
            clock.Advance(10);
            await ScopeAcrossAwait("Tests.overlap scope in async", gate.Task, clock, before: 20, after: 30);
            clock.Advance(5);
        });

        Release(gate);
        await run;
        SessionReport report = session.Stop();
        MethodStatistics scope = Scope(report, "Tests.overlap scope in async");
        Assert.Equal(65, report.Method(method).InclusiveNs);
        Assert.Equal(50, scope.InclusiveNs);
        Assert.Equal(50, scope.SelfNs);
        Assert.Equal(15, report.Method(method).SelfNs);
    }

    [Fact]
    public void A_call_after_an_awaiting_scope_ended_elsewhere_sits_under_the_scopes_parent()
    {
        using var clock = ManualClock.Install();
        int after = ProbeHarness.Register("CalledAfterAwaitingScope");
        using ProfilingSession session = Profiler.StartSession("after-awaiting-scope");
        var gate = new TaskCompletionSource();
        using (Profiler.Scope("Tests.overlap parent of awaiting scope", Layer.Lightweight))
        {
            Task inner = ScopeAcrossAwait("Tests.overlap awaiting scope", gate.Task, clock, before: 2, after: 3);
            Release(gate);
            WaitSynchronously(inner);
            ProbeHarness.Call(after, () => clock.Advance(7));
        }

        SessionReport report = session.Stop();
        MethodStatistics parent = Scope(report, "Tests.overlap parent of awaiting scope");
        CallTreeNode parentNode = report.CallTree.Single(n => n.ProbeId == parent.ProbeId);
        Assert.Equal(parentNode.Id, report.Node(after).ParentId);
        Assert.Equal(12, parent.InclusiveNs);
        Assert.Equal(0, parent.SelfNs);
    }

    private static async Task ScopeAcrossAwait(string name, Task gate, ManualClock clock, long before, long after)
    {
        using (Profiler.Scope(name, Layer.Lightweight))
        {
            clock.Advance(before);
            await gate.ConfigureAwait(false);
            clock.Advance(after);
        }
    }

    /// <summary>The <c>.Wait()</c> under test: blocking on purpose, as the programs these tests stand for do.</summary>
    private static void WaitSynchronously(Task task) => task.Wait();

    /// <summary>Completes the gate from the thread pool, so what awaits it resumes there while this thread waits.</summary>
    private static void Release(TaskCompletionSource gate) => ThreadPool.QueueUserWorkItem(_ => gate.SetResult());

    private static MethodStatistics Scope(SessionReport report, string name) =>
        report.Methods.Single(m => report.Probes.Single(p => p.Id == m.ProbeId).Name == name);
}
