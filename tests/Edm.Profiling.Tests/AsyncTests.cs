using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class AsyncTests
{
    [Fact]
    public async Task An_async_probe_is_timed_until_its_task_completes_under_its_logical_caller()
    {
        int caller = ProbeHarness.Register("AsyncCaller", kind: ProbeKind.AsyncMethod);
        int delay = ProbeHarness.Register("AsyncDelay", kind: ProbeKind.AsyncMethod);
        int afterAwait = ProbeHarness.Register("SyncAfterAwait");
        using ProfilingSession session = Profiler.StartSession("async");

        await ProbeHarness.CallAsync(caller, async () =>
        {
            await ProbeHarness.CallAsync(delay, DelayAtLeast50ms);
            await Task.Yield();
            ProbeHarness.Call(afterAwait, () => { });
        });

        SessionReport report = session.Stop();
        Assert.True(report.Method(delay).InclusiveNs >= 50_000_000, $"{report.Method(delay).InclusiveNs} ns");
        Assert.True(report.Method(caller).InclusiveNs >= report.Method(delay).InclusiveNs);
        Assert.Equal(1, report.Method(delay).Calls);
        CallTreeNode callerNode = report.Node(caller);
        Assert.Equal(callerNode.Id, report.Node(delay).ParentId);
        Assert.Equal(callerNode.Id, report.Node(afterAwait).ParentId);
        Assert.True(report.Method(caller).SelfNs < report.Method(delay).InclusiveNs, "the awaited child's time is not the caller's self time");
    }

    /// <summary>
    /// Task.Delay(50) alone may end a few ms early by the Stopwatch: timers run on the coarse
    /// millisecond tick. The method is made to last 50 ms for real, so the bound tests the probe.
    /// </summary>
    private static async Task DelayAtLeast50ms()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(50);
        while (watch.Elapsed < TimeSpan.FromMilliseconds(50))
        {
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task The_caller_gets_the_same_exception_object_with_its_stack()
    {
        int probe = ProbeHarness.Register("AsyncThrows", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("async-exceptions");
        var error = new TimeoutException("late");

        Task returned = ProbeHarness.CallAsync(probe, () => ThrowLater(error));
        TimeoutException caught = await Assert.ThrowsAsync<TimeoutException>(() => returned);
        Assert.Same(error, caught);
        Assert.Contains(nameof(ThrowLater), caught.StackTrace, StringComparison.Ordinal);

        MethodStatistics m = session.Stop().Method(probe);
        Assert.Equal(1, m.Calls);
        Assert.Equal(1, m.FaultedCalls);

        static async Task ThrowLater(Exception e)
        {
            await Task.Yield();
            throw e;
        }
    }

    [Fact]
    public async Task Every_exception_of_a_faulted_task_reaches_the_caller()
    {
        int probe = ProbeHarness.Register("AsyncThrowsMany", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("async-many-exceptions");
        var first = new InvalidOperationException("one");
        var second = new ArgumentException("two");

        Task? original = null;
        Task returned = ProbeHarness.CallAsync(probe, () => original = Task.WhenAll(Fail(first), Fail(second)));
        await Assert.ThrowsAnyAsync<Exception>(() => returned);
        Assert.NotSame(original, returned); // pending: relayed so the call is recorded before the caller resumes
        Assert.Equal(2, returned.Exception!.InnerExceptions.Count);
        Assert.Equal(original!.Exception!.InnerExceptions, returned.Exception.InnerExceptions, ReferenceEqualityComparer.Instance);
        Assert.Contains(first, returned.Exception.InnerExceptions);
        Assert.Contains(second, returned.Exception.InnerExceptions);
        session.Stop();

        static async Task Fail(Exception e)
        {
            await Task.Delay(5);
            throw e;
        }
    }

    [Fact]
    public async Task A_task_that_is_already_complete_is_returned_as_it_is()
    {
        int probe = ProbeHarness.Register("AsyncCompleted", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("async-completed");
        Task<int> original = Task.FromResult(5);
        Task<int> returned = ProbeHarness.CallAsync(probe, () => original);
        Assert.Same(original, returned);
        Assert.Equal(5, await returned);
        Assert.Equal(1, session.Stop().Method(probe).Calls);
    }

    [Fact]
    public async Task Work_awaited_before_a_session_stops_is_always_in_its_report()
    {
        int probe = ProbeHarness.Register("AsyncBeforeStop", kind: ProbeKind.AsyncMethod);
        for (int i = 0; i < 20; i++)
        {
            using ProfilingSession session = Profiler.StartSession("await-then-stop");
            Assert.Equal(i, await ProbeHarness.CallAsync(probe, async () =>
            {
                await Task.Yield();
                return i;
            }));
            Assert.Equal(1, session.Stop().Method(probe).Calls);
        }
    }

    [Fact]
    public void A_method_that_throws_before_returning_its_task_is_counted_as_faulted()
    {
        int probe = ProbeHarness.Register("AsyncThrowsEarly", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("async-early-throw");
        Assert.Throws<ArgumentException>(() => { _ = ProbeHarness.CallAsync(probe, () => throw new ArgumentException("bad")); });
        MethodStatistics m = session.Stop().Method(probe);
        Assert.Equal(1, m.FaultedCalls);
    }

    [Fact]
    public async Task Cancellation_passes_through_and_counts_as_faulted()
    {
        int probe = ProbeHarness.Register("AsyncCancelled", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("async-cancel");
        using var cancel = new CancellationTokenSource();
        Task task = ProbeHarness.CallAsync(probe, () => Task.Delay(Timeout.Infinite, cancel.Token));
        await cancel.CancelAsync();
        TaskCanceledException caught = await Assert.ThrowsAsync<TaskCanceledException>(() => task);
        Assert.True(task.IsCanceled);
        Assert.Equal(cancel.Token, caught.CancellationToken);
        Assert.Equal(1, session.Stop().Method(probe).FaultedCalls);
    }

    [Fact]
    public async Task Value_tasks_pass_their_results_through_whether_complete_or_pending()
    {
        int probe = ProbeHarness.Register("ValueTaskProbe", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("value-tasks");

        int completed = await ProbeHarness.CallValueTaskAsync(probe, () => new ValueTask<int>(7));
        int pending = await ProbeHarness.CallValueTaskAsync(probe, async () =>
        {
            await Task.Yield();
            return 8;
        });

        Assert.Equal(7, completed);
        Assert.Equal(8, pending);
        Assert.Equal(2, session.Stop().Method(probe).Calls);
    }

    [Fact]
    public async Task Concurrent_children_of_an_async_call_all_attach_to_it()
    {
        int parent = ProbeHarness.Register("WhenAllParent", kind: ProbeKind.AsyncMethod);
        int child = ProbeHarness.Register("WhenAllChild", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("when-all");

        await ProbeHarness.CallAsync(parent, () => Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => ProbeHarness.CallAsync(child, async () => await Task.Delay(5)))));

        SessionReport report = session.Stop();
        Assert.Equal(8, report.Method(child).Calls);
        Assert.Equal(report.Node(parent).Id, report.Node(child).ParentId);
        Assert.InRange(report.Method(parent).SelfNs, 0, report.Method(parent).InclusiveNs);
    }

    [Fact]
    public async Task Awaiting_a_probed_task_keeps_the_callers_synchronization_context()
    {
        int probe = ProbeHarness.Register("SyncContextProbe", kind: ProbeKind.AsyncMethod);
        using ProfilingSession session = Profiler.StartSession("sync-context");
        var context = new RecordingContext();
        var done = new TaskCompletionSource<bool>();

        _ = Task.Run(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            return Continue();

            async Task Continue()
            {
                await ProbeHarness.CallAsync(probe, async () => await Task.Delay(10).ConfigureAwait(false));
                done.SetResult(SynchronizationContext.Current == context);
            }
        });

        Assert.True(await done.Task);
        Assert.True(context.Posts > 0);
        Assert.Equal(1, session.Stop().Method(probe).Calls);
    }

    private sealed class RecordingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => _posts;

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            base.Post(s =>
            {
                SetSynchronizationContext(this);
                d(s);
            }, state);
        }
    }
}
