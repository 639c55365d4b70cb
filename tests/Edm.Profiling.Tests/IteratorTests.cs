using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class IteratorTests
{
    [Fact]
    public void An_enumeration_is_one_call_timed_inside_MoveNext_only()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("Iterator", kind: ProbeKind.Iterator);
        int consumer = ProbeHarness.Register("IteratorConsumer");
        using ProfilingSession session = Profiler.StartSession("iterators");

        IEnumerable<int> Numbers()
        {
            for (int i = 0; i < 3; i++)
            {
                clock.Advance(10);
                yield return i;
            }
        }

        var seen = new List<int>();
        ProbeHarness.Call(consumer, () =>
        {
            foreach (int n in Probe.Enumerable(Numbers(), probe))
            {
                clock.Advance(100); // the consumer's time, not the iterator's
                seen.Add(n);
            }
        });

        SessionReport report = session.Stop();
        Assert.Equal([0, 1, 2], seen);
        MethodStatistics m = report.Method(probe);
        Assert.Equal(1, m.Calls);
        Assert.Equal(30, m.InclusiveNs);
        Assert.Equal(300, report.Method(consumer).SelfNs);
        Assert.Equal(report.Node(consumer).Id, report.Node(probe).ParentId);
    }

    [Fact]
    public void Two_enumerations_are_two_calls_and_an_abandoned_one_ends_at_dispose()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("IteratorTwice", kind: ProbeKind.Iterator);
        using ProfilingSession session = Profiler.StartSession("iterators-twice");
        IEnumerable<int> sequence = Probe.Enumerable(Enumerable.Range(0, 10).Select(i =>
        {
            clock.Advance(1);
            return i;
        }), probe);

        Assert.Equal(45, sequence.Sum());
        Assert.Equal(0, sequence.First());

        MethodStatistics m = session.Stop().Method(probe);
        Assert.Equal(2, m.Calls);
        Assert.Equal(11, m.InclusiveNs);
    }

    [Fact]
    public void An_iterator_that_throws_is_a_faulted_call()
    {
        int probe = ProbeHarness.Register("IteratorThrows", kind: ProbeKind.Iterator);
        using ProfilingSession session = Profiler.StartSession("iterator-throws");

        static IEnumerable<int> Failing()
        {
            yield return 1;
            throw new FormatException("bad record");
        }

        Assert.Throws<FormatException>(() => Probe.Enumerable(Failing(), probe).ToList());
        MethodStatistics m = session.Stop().Method(probe);
        Assert.Equal(1, m.Calls);
        Assert.Equal(1, m.FaultedCalls);
    }

    [Fact]
    public async Task An_async_enumeration_is_one_call_timed_inside_MoveNextAsync()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("AsyncIterator", kind: ProbeKind.AsyncIterator);
        int inner = ProbeHarness.Register("AsyncIteratorInner");
        using ProfilingSession session = Profiler.StartSession("async-iterators");

        async IAsyncEnumerable<int> Numbers()
        {
            for (int i = 0; i < 3; i++)
            {
                await Task.Yield();
                clock.Advance(10);
                ProbeHarness.Call(inner, () => clock.Advance(2));
                yield return i;
            }
        }

        var seen = new List<int>();
        await foreach (int n in Probe.AsyncEnumerable(Numbers(), probe))
        {
            clock.Advance(100); // the consumer's time, not the iterator's
            seen.Add(n);
        }

        SessionReport report = session.Stop();
        Assert.Equal([0, 1, 2], seen);
        MethodStatistics m = report.Method(probe);
        Assert.Equal(1, m.Calls);
        Assert.Equal(36, m.InclusiveNs);
        Assert.Equal(30, m.SelfNs);
        Assert.Equal(3, report.Method(inner).Calls);
        Assert.Equal(report.Node(probe).Id, report.Node(inner).ParentId);
    }
}
