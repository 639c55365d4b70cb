using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class ConcurrencyTests
{
    [Fact]
    public void Sixteen_threads_calling_shared_probes_a_million_times_each_give_exact_counts()
    {
        const int Threads = 16;
        const int CallsPerThread = 1_000_000;
        int outer = ProbeHarness.Register("SharedOuter");
        int inner = ProbeHarness.Register("SharedInner");
        using ProfilingSession session = Profiler.StartSession("threads");

        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < CallsPerThread; i++)
            {
                ProbeFrame o = Probe.Enter(outer);
                if ((i & 1) == 0)
                {
                    ProbeFrame n = Probe.Enter(inner);
                    Probe.Exit(ref n);
                }

                Probe.Exit(ref o);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        SessionReport report = session.Stop();
        Assert.Equal((long)Threads * CallsPerThread, report.Method(outer).Calls);
        Assert.Equal((long)Threads * CallsPerThread / 2, report.Method(inner).Calls);
        Assert.Equal((long)Threads * CallsPerThread, report.Method(outer).Histogram.Counts.Sum());
        Assert.Equal((long)Threads * CallsPerThread / 2, report.Node(inner).Calls);
        Assert.Equal(report.Node(outer).Id, report.Node(inner).ParentId);
    }
}
