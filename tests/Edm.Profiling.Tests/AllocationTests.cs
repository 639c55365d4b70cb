using System.Runtime.CompilerServices;
using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class AllocationTests
{
    private const long MiB = 1024 * 1024;
    private static int s_sink;
    private static byte[]? s_keep;

    [Fact]
    public void A_detailed_block_allocating_one_MiB_reports_one_MiB()
    {
        int probe = ProbeHarness.Register("AllocatesMiB", Layer.Detailed);
        using ProfilingSession session = Profiler.StartSession("allocations");
        ProbeHarness.Call(probe, () => GC.KeepAlive(new byte[MiB]));

        MethodStatistics m = session.Stop().Method(probe);
        Assert.NotNull(m.Allocations);
        Assert.InRange(m.Allocations.AllocatedBytes, MiB, (long)(MiB * 1.01) - 1);
        Assert.Equal(m.Allocations.AllocatedBytes, m.Allocations.SelfAllocatedBytes);
    }

    [Fact]
    public void A_detailed_block_that_allocates_nothing_reports_zero_after_warm_up()
    {
        int probe = ProbeHarness.Register("AllocatesNothing", Layer.Detailed);
        int child = ProbeHarness.Register("AllocatesNothingChild", Layer.Detailed);
        using (Profiler.StartSession("warm-up"))
        {
            Run(probe, child);
        }

        using ProfilingSession session = Profiler.StartSession("no-allocations");
        Run(probe, child);
        Run(probe, child);
        MethodStatistics m = session.Stop().Method(probe);
        Assert.Equal(0, m.Allocations!.AllocatedBytes);
        Assert.Equal(2, m.Allocations.Calls);

        static void Run(int probe, int child)
        {
            ProbeFrame frame = Probe.Enter(probe);
            Sum(child);
            Probe.Exit(ref frame);
        }
    }

    [Fact]
    public void Self_allocation_excludes_detailed_children()
    {
        int parent = ProbeHarness.Register("AllocParent", Layer.Detailed);
        int child = ProbeHarness.Register("AllocChild", Layer.Detailed);
        using (Profiler.StartSession("warm-up"))
        {
            ProbeHarness.Call(parent, () => ProbeHarness.Call(child, () => GC.KeepAlive(new byte[16])));
        }

        using ProfilingSession session = Profiler.StartSession("self-allocation");
        ProbeHarness.Call(parent, () =>
        {
            GC.KeepAlive(new byte[64 * 1024]);
            ProbeHarness.Call(child, () => GC.KeepAlive(new byte[256 * 1024]));
        });

        SessionReport report = session.Stop();
        AllocationStatistics p = report.Method(parent).Allocations!;
        AllocationStatistics c = report.Method(child).Allocations!;
        Assert.InRange(c.AllocatedBytes, 256 * 1024, (256 * 1024) + 1024);
        Assert.InRange(p.AllocatedBytes, 320 * 1024, (320 * 1024) + 4096);
        Assert.InRange(p.SelfAllocatedBytes, 64 * 1024, (64 * 1024) + 4096);
        Assert.Equal(p.AllocatedBytes, report.Node(parent).AllocatedBytes);
    }

    [Fact]
    public void Collections_during_a_detailed_call_are_counted_per_generation()
    {
        int probe = ProbeHarness.Register("Collects", Layer.Detailed);
        using ProfilingSession session = Profiler.StartSession("collections");
        ProbeHarness.Call(probe, () => GC.Collect(2, GCCollectionMode.Forced, blocking: true));
        ProbeHarness.Call(probe, () => GC.Collect(0, GCCollectionMode.Forced, blocking: true));
        ProbeHarness.Call(probe, () => { });

        AllocationStatistics a = session.Stop().Method(probe).Allocations!;
        Assert.True(a.Gen0Collections >= 2, $"gen0 {a.Gen0Collections}");
        Assert.True(a.Gen2Collections >= 1, $"gen2 {a.Gen2Collections}");
        Assert.True(a.Gen1Collections >= a.Gen2Collections);
    }

    [Fact]
    public void Repeated_detailed_calls_keeping_duration_samples_record_every_call_byte_and_sample()
    {
        // After the first call on a path, Detailed calls and calls that keep duration samples take the
        // inline fast path (ThreadBuffer.Timed.cs): it must record what the general path records.
        const int Calls = 200;
        int parent = ProbeHarness.Register("FastDetailedParent", Layer.Detailed);
        int child = ProbeHarness.Register("FastDetailedChild", Layer.Detailed);
        long perArray = BytesOfOneArray();
        using (Profiler.StartSession("warm-up"))
        {
            Run(parent, child, 2);
        }

        using ProfilingSession session = Profiler.StartSession(
            "fast-detailed", new SessionOptions { SampleReservoirSize = 1000, CpuSampleInterval = 4, AdaptiveTiming = false });
        Run(parent, child, Calls);
        SessionReport report = session.Stop();

        MethodStatistics p = report.Method(parent);
        MethodStatistics c = report.Method(child);
        Assert.Equal(Calls, p.Calls);
        Assert.Equal(Calls, c.Calls);
        Assert.Equal(Calls, p.Samples!.Population);
        Assert.Equal(Calls, c.Samples!.Population);
        Assert.Equal(Calls, p.Allocations!.Calls);
        Assert.Equal(Calls * perArray, c.Allocations!.AllocatedBytes);
        Assert.Equal(Calls * perArray, c.Allocations.SelfAllocatedBytes);
        Assert.Equal(Calls * perArray, p.Allocations.AllocatedBytes);
        Assert.Equal(0, p.Allocations.SelfAllocatedBytes);
        Assert.Equal(Calls * perArray, report.Node(parent).AllocatedBytes);
        // One countdown per probe and thread, gaps uniform on 1..7: about 1 + 199/4 ≈ 51 readings each, σ ≈ 3.5.
        Assert.InRange(p.Cpu!.SampledCalls, 30, 70);
        Assert.InRange(c.Cpu!.SampledCalls, 30, 70);

        static void Run(int parent, int child, int n)
        {
            for (int i = 0; i < n; i++)
            {
                ProbeFrame outer = Probe.Enter(parent);
                ProbeFrame inner = Probe.Enter(child);
                s_keep = new byte[1000];
                Probe.Exit(ref inner);
                Probe.Exit(ref outer);
            }
        }

        static long BytesOfOneArray()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            s_keep = new byte[1000];
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    [Fact]
    public void Lightweight_probes_report_no_allocation_figures()
    {
        int probe = ProbeHarness.Register("LightweightNoAlloc");
        using ProfilingSession session = Profiler.StartSession("lightweight");
        ProbeHarness.Call(probe, () => GC.KeepAlive(new byte[100]));
        Assert.Null(session.Stop().Method(probe).Allocations);
    }

    [Theory]
    [InlineData(Layer.Lightweight)]
    [InlineData(Layer.Detailed)]
    public void Probes_and_scopes_allocate_nothing_after_warm_up(Layer layer)
    {
        int probe = ProbeHarness.Register($"ZeroAlloc{layer}", layer);
        using ProfilingSession session = Profiler.StartSession("zero-allocation");
        Loop(probe, 10); // warm-up: first calls create this thread's slots
        long before = GC.GetAllocatedBytesForCurrentThread();
        Loop(probe, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        session.Stop();
        Assert.Equal(0, allocated);

        static void Loop(int probe, int n)
        {
            for (int i = 0; i < n; i++)
            {
                ProbeFrame frame = Probe.Enter(probe);
                Probe.Exit(ref frame);
                using (Profiler.Scope("Tests.zero-allocation scope"))
                {
                }
            }
        }
    }

    [Fact]
    public void Detailed_probes_sample_thread_cpu_time_and_estimate_the_off_cpu_share()
    {
        int busy = ProbeHarness.Register("CpuBusy", Layer.Detailed);
        int sleepy = ProbeHarness.Register("CpuSleepy", Layer.Detailed);
        using ProfilingSession session = Profiler.StartSession("cpu", new SessionOptions { CpuSampleInterval = 1 });
        for (int i = 0; i < 4; i++)
        {
            ProbeHarness.Call(busy, () => Spin(TimeSpan.FromMilliseconds(5)));
            ProbeHarness.Call(sleepy, () => Thread.Sleep(5));
        }

        SessionReport report = session.Stop();
        CpuStatistics busyCpu = report.Method(busy).Cpu!;
        CpuStatistics sleepyCpu = report.Method(sleepy).Cpu!;
        Assert.Equal(4, busyCpu.SampledCalls);
        Assert.Equal(4, sleepyCpu.SampledCalls);

        // Not a timing bound: a sleeping thread uses next to no CPU however loaded the machine is.
        Assert.True(sleepyCpu.OffCpuShare > 0.5, $"sleeping off-CPU share {sleepyCpu.OffCpuShare}");
        Assert.True(busyCpu.SampledCpuNs > 0);
        Assert.InRange(busyCpu.OffCpuShare, 0.0, 1.0);
    }

    [Fact]
    public void The_cpu_clock_is_read_on_the_first_call_of_each_probe_then_one_call_in_N_on_average()
    {
        int probe = ProbeHarness.Register("CpuInterval", Layer.Detailed);
        int once = ProbeHarness.Register("CpuOnce", Layer.Detailed);
        using ProfilingSession session = Profiler.StartSession("cpu-interval", new SessionOptions { CpuSampleInterval = 8 });
        ProbeHarness.Call(once, () => { });
        for (int i = 0; i < 8_000; i++)
        {
            ProbeHarness.Call(probe, () => { });
        }

        SessionReport report = session.Stop();
        MethodStatistics m = report.Method(probe);
        Assert.Equal(8_000, m.Calls);

        // Gaps are uniform on 1..15 (mean 8, variance 18.7), so 8,000 calls give 1 + 7,999/8 ≈ 1,000
        // readings with a standard deviation of about sqrt(8,000 × 18.7 / 8³) ≈ 17: ±100 is six of them.
        Assert.InRange(m.Cpu!.SampledCalls, 900, 1_100);
        Assert.Equal(1, report.Method(once).Cpu!.SampledCalls); // a method called once still has its CPU time
    }

    [Fact]
    public void Two_methods_called_in_turn_share_the_cpu_clock_readings()
    {
        // A per-thread count with an even interval gave every reading to one of two alternating methods.
        int first = ProbeHarness.Register("CpuTurnA", Layer.Detailed);
        int second = ProbeHarness.Register("CpuTurnB", Layer.Detailed);
        using ProfilingSession session = Profiler.StartSession("cpu-turns", new SessionOptions { CpuSampleInterval = 2 });
        for (int i = 0; i < 1_000; i++)
        {
            ProbeHarness.Call(first, () => { });
            ProbeHarness.Call(second, () => { });
        }

        SessionReport report = session.Stop();

        // Each probe: 1,000 calls, gaps uniform on 1..3 (mean 2): about 500 readings, σ ≈ 9.
        Assert.InRange(report.Method(first).Cpu!.SampledCalls, 440, 560);
        Assert.InRange(report.Method(second).Cpu!.SampledCalls, 440, 560);
    }

    private static void Spin(TimeSpan duration)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sum(int child)
    {
        ProbeFrame frame = Probe.Enter(child);
        int total = 0;
        for (int i = 0; i < 100; i++)
        {
            total += i;
        }

        s_sink = total; // a static store, not GC.KeepAlive(object), which would box
        Probe.Exit(ref frame);
    }
}
