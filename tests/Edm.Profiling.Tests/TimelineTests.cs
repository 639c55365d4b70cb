using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary>The optional enter/exit timeline: recorded on request, nested per thread, capped, drops counted.</summary>
[Collection(ProfilerCollection.Name)]
public sealed class TimelineTests
{
    [Fact]
    public void Without_the_option_no_timeline_is_recorded()
    {
        int probe = ProbeHarness.Register("NoTimeline");
        using ProfilingSession session = Profiler.StartSession("no-timeline");
        ProbeHarness.Call(probe, () => { });
        SessionReport report = session.Stop();
        Assert.Null(report.Timeline);
        Assert.False(report.Settings.RecordTimeline);
    }

    [Fact]
    public void Events_are_recorded_in_order_with_exact_times_and_nest_per_thread()
    {
        using var clock = ManualClock.Install();
        int outer = ProbeHarness.Register("TimelineOuter");
        int inner = ProbeHarness.Register("TimelineInner");
        using ProfilingSession session = Profiler.StartSession("timeline", new SessionOptions { RecordTimeline = true });
        clock.Advance(100);
        ProbeHarness.Call(outer, () =>
        {
            clock.Advance(10);
            ProbeHarness.Call(inner, () => clock.Advance(20));
            clock.Advance(5);
            ProbeHarness.Call(inner, () => clock.Advance(7));
        });

        SessionReport report = session.Stop();
        TimelineData timeline = Assert.IsType<TimelineData>(report.Timeline);
        TimelineThread thread = Assert.Single(timeline.Threads);
        Assert.Equal(Environment.CurrentManagedThreadId, thread.ThreadId);
        Assert.Equal("EEXEXX", thread.Kinds);
        Assert.Equal([outer, inner, inner, inner, inner, outer], thread.ProbeIds);
        Assert.Equal([100L, 110, 130, 135, 142, 142], thread.AtNs);
        Assert.Equal(0, timeline.DroppedEvents);
        Assert.True(report.Settings.RecordTimeline);
    }

    [Fact]
    public void Each_thread_has_its_own_nested_events()
    {
        int probe = ProbeHarness.Register("TimelineThreads");
        using ProfilingSession session = Profiler.StartSession("timeline-threads", new SessionOptions { RecordTimeline = true });
        var threads = Enumerable.Range(0, 3).Select(i => new Thread(() =>
        {
            for (int call = 0; call <= i; call++)
            {
                ProbeHarness.Call(probe, () => ProbeHarness.Call(probe, () => { }));
            }
        }) { Name = $"worker {i}" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        TimelineData timeline = session.Stop().Timeline!;
        Assert.Equal(3, timeline.Threads.Count);
        foreach (TimelineThread thread in timeline.Threads)
        {
            int calls = int.Parse(thread.Name!["worker ".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1;
            Assert.Equal(string.Concat(Enumerable.Repeat("EEXX", calls)), thread.Kinds);
            AssertNestedAndOrdered(thread);
        }
    }

    [Fact]
    public void The_cap_keeps_at_most_that_many_events_and_counts_the_rest_as_dropped()
    {
        int outer = ProbeHarness.Register("CappedOuter");
        int inner = ProbeHarness.Register("CappedInner");
        using ProfilingSession session = Profiler.StartSession("timeline-cap", new SessionOptions { RecordTimeline = true, TimelineCapacity = 101 });
        for (int i = 0; i < 100; i++)
        {
            ProbeHarness.Call(outer, () => ProbeHarness.Call(inner, () => { }));
        }

        SessionReport report = session.Stop();
        TimelineData timeline = report.Timeline!;
        TimelineThread thread = Assert.Single(timeline.Threads);
        // An enter is kept only with room for its exit: 101 slots hold 50 pairs.
        Assert.Equal(100, thread.Kinds.Length);
        Assert.Equal(400 - 100, timeline.DroppedEvents);
        AssertNestedAndOrdered(thread);
        Assert.Contains(report.Warnings, w => w.Contains("300 events were dropped", StringComparison.Ordinal));
        // The figures themselves are complete whatever the timeline dropped.
        Assert.Equal(100, report.Method(inner).Calls);
    }

    [Fact]
    public void The_cap_holds_across_threads()
    {
        int probe = ProbeHarness.Register("CappedThreads");
        using ProfilingSession session = Profiler.StartSession("timeline-cap-threads", new SessionOptions { RecordTimeline = true, TimelineCapacity = 10_000 });
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 3_000; i++)
            {
                ProbeHarness.Call(probe, () => { });
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        TimelineData timeline = session.Stop().Timeline!;
        long kept = timeline.Threads.Sum(t => (long)t.Kinds.Length);
        Assert.True(kept <= 10_000, $"{kept} events kept");
        Assert.Equal(4 * 3_000 * 2, kept + timeline.DroppedEvents);
        Assert.All(timeline.Threads, AssertNestedAndOrdered);
    }

    [Fact]
    public void The_environment_variable_turns_the_timeline_on()
    {
        string? before = Environment.GetEnvironmentVariable("EDM_PROFILING_TIMELINE");
        try
        {
            Environment.SetEnvironmentVariable("EDM_PROFILING_TIMELINE", "1");
            Assert.True(SessionOptions.FromEnvironment().RecordTimeline);
            Environment.SetEnvironmentVariable("EDM_PROFILING_TIMELINE", "0");
            Assert.False(SessionOptions.FromEnvironment(new SessionOptions { RecordTimeline = true }).RecordTimeline);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EDM_PROFILING_TIMELINE", before);
        }
    }

    [Fact]
    public async Task Async_calls_become_spans_and_stay_off_the_thread_events()
    {
        int async = ProbeHarness.Register("TimelineAsync", kind: ProbeKind.AsyncMethod);
        int sync = ProbeHarness.Register("TimelineSyncInAsync");
        using ProfilingSession session = Profiler.StartSession("timeline-async", new SessionOptions { RecordTimeline = true });
        await ProbeHarness.CallAsync(async, async () =>
        {
            await Task.Yield();
            ProbeHarness.Call(sync, () => { });
        });

        TimelineData timeline = session.Stop().Timeline!;
        AsyncSpan span = Assert.Single(timeline.AsyncSpans);
        Assert.Equal(async, span.ProbeId);
        Assert.True(span.EndNs >= span.StartNs);
        Assert.DoesNotContain(timeline.Threads, t => t.ProbeIds.Contains(async));
        TimelineThread thread = Assert.Single(timeline.Threads, t => t.ProbeIds.Contains(sync));
        AssertNestedAndOrdered(thread);
    }

    [Fact]
    public void A_call_that_began_in_an_earlier_session_leaves_the_next_timeline_nested()
    {
        int outer = ProbeHarness.Register("SpansSessions");
        int inner = ProbeHarness.Register("InNextSession");
        ProfilingSession first = Profiler.StartSession("first", new SessionOptions { RecordTimeline = true });
        ProfilingSession? second = null;
        ProbeHarness.Call(outer, () =>
        {
            first.Stop();
            second = Profiler.StartSession("second", new SessionOptions { RecordTimeline = true });
            ProbeHarness.Call(inner, () => { });
        });

        SessionReport report = second!.Stop();
        first.Dispose();
        second.Dispose();
        Assert.Empty(report.Warnings);
        TimelineThread thread = Assert.Single(report.Timeline!.Threads);
        Assert.Equal("EX", thread.Kinds);
        Assert.Equal([inner, inner], thread.ProbeIds);
    }

    [Fact]
    public void A_call_that_began_in_a_timeline_session_does_not_fault_a_session_without_one()
    {
        int outer = ProbeHarness.Register("SpansIntoPlainSession");
        int inner = ProbeHarness.Register("InPlainSession");
        ProfilingSession first = Profiler.StartSession("with timeline", new SessionOptions { RecordTimeline = true });
        ProfilingSession? second = null;
        ProbeHarness.Call(outer, () =>
        {
            first.Stop();
            second = Profiler.StartSession("without timeline");
            ProbeHarness.Call(inner, () => { });
        });

        ProbeHarness.Call(inner, () => { });
        SessionReport report = second!.Stop();
        first.Dispose();
        second.Dispose();
        Assert.Empty(report.Warnings);
        Assert.Equal(2, report.Method(inner).Calls);
    }

    [Fact]
    public void A_scope_that_ends_on_another_thread_leaves_its_enter_unclosed_on_the_timeline()
    {
        // Documents what readers of the timeline must expect: the scope's frame is popped without an
        // exit event, so its enter stays open among well-nested events (exporters close it).
        int caller = ProbeHarness.Register("CallerOfDetachedScope");
        using ProfilingSession session = Profiler.StartSession("timeline-detached", new SessionOptions { RecordTimeline = true });
        ProbeHarness.Call(caller, () =>
        {
            ProfilerScope scope = Profiler.Scope("Tests.timeline detached scope", Layer.Lightweight);
            var thread = new Thread(() => scope.Dispose());
            thread.Start();
            thread.Join();
        });

        SessionReport report = session.Stop();
        TimelineThread events = Assert.Single(report.Timeline!.Threads);
        Assert.Equal("EEX", events.Kinds);
        Assert.Equal(caller, events.ProbeIds[2]);
    }

    private static void AssertNestedAndOrdered(TimelineThread thread)
    {
        var open = new Stack<int>();
        for (int i = 0; i < thread.Kinds.Length; i++)
        {
            if (i > 0)
            {
                Assert.True(thread.AtNs[i] >= thread.AtNs[i - 1], $"event {i} goes back in time");
            }

            if (thread.Kinds[i] == 'E')
            {
                open.Push(thread.ProbeIds[i]);
            }
            else
            {
                Assert.True(open.Count > 0, $"exit {i} without an enter");
                Assert.Equal(open.Pop(), thread.ProbeIds[i]);
            }
        }

        Assert.Empty(open);
    }
}
