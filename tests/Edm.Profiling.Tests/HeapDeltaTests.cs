using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary>Detailed scopes record the managed heap and working set change across their block (<see cref="HeapDeltaStatistics"/>).</summary>
[Collection(ProfilerCollection.Name)]
public sealed class HeapDeltaTests
{
    private const int LargeArrayBytes = 64 * 1024 * 1024;

    private static byte[]? s_large;

    [Fact]
    public void A_detailed_scope_that_frees_a_large_array_reports_a_negative_managed_heap_delta()
    {
        s_large = Touched(LargeArrayBytes);
        GC.Collect(); // no other garbage for a collection inside the scopes to free
        using ProfilingSession session = Profiler.StartSession("heap-delta");
        using (Profiler.Scope("Tests.free the array"))
        {
            s_large = null;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        using (Profiler.Scope("Tests.keep an array"))
        {
            s_large = Touched(LargeArrayBytes);
        }

        SessionReport report = session.Stop();
        s_large = null;
        HeapDeltaStatistics freed = HeapDeltaOf(report, "Tests.free the array");
        Assert.Equal(1, freed.Calls);
        Assert.True(freed.ManagedHeapDeltaBytes <= -LargeArrayBytes / 2, $"freeing 64 MiB moved the heap by {freed.ManagedHeapDeltaBytes} bytes");
        Assert.Equal(freed.ManagedHeapDeltaBytes, freed.MinManagedHeapDeltaBytes);
        Assert.Equal(freed.ManagedHeapDeltaBytes, freed.MaxManagedHeapDeltaBytes);

        HeapDeltaStatistics kept = HeapDeltaOf(report, "Tests.keep an array");
        Assert.True(kept.ManagedHeapDeltaBytes >= LargeArrayBytes, $"keeping 64 MiB moved the heap by {kept.ManagedHeapDeltaBytes} bytes");
    }

    [Fact]
    public void A_detailed_scope_that_touches_native_memory_reports_the_working_set_growth()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the working set is read from /proc/self/statm; elsewhere the figure is the OS's own
        }

        const int Bytes = 32 * 1024 * 1024;
        using ProfilingSession session = Profiler.StartSession("working-set-delta");
        SettleHeap();
        nint memory = 0;
        try
        {
            using (Profiler.Scope("Tests.touch native memory"))
            {
                // Native, so the managed heap stays put; written page by page, so every page becomes resident.
                memory = Marshal.AllocHGlobal(Bytes);
                for (int offset = 0; offset < Bytes; offset += 4096)
                {
                    Marshal.WriteByte(memory, offset, 1);
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(memory);
        }

        HeapDeltaStatistics delta = HeapDeltaOf(session.Stop(), "Tests.touch native memory");
        Assert.InRange(delta.WorkingSetDeltaBytes, Bytes - (2 << 20), Bytes + (8 << 20));
        Assert.InRange(delta.ManagedHeapDeltaBytes, -(1 << 20), 1 << 20);
    }

    [Fact]
    public void Calls_add_up_with_the_smallest_and_largest_change_of_one_call()
    {
        GC.Collect(); // little garbage left for a collection inside the scopes to free
        using ProfilingSession session = Profiler.StartSession("heap-delta-calls");

        // Nor the start's own (its calibration's, more with the probes earlier tests registered): a
        // collection inside the first scope freed it and the 1 MiB scope read 0.7 MiB, now and then.
        GC.Collect();
        var kept = new List<byte[]>();
        foreach (int size in (int[])[1 << 20, 4 << 20, 2 << 20])
        {
            using (Profiler.Scope("Tests.allocate"))
            {
                kept.Add(new byte[size]);
            }
        }

        HeapDeltaStatistics delta = HeapDeltaOf(session.Stop(), "Tests.allocate");
        GC.KeepAlive(kept);
        // GC.GetTotalMemory is exact to within the unused part of the threads' allocation contexts (a few KiB each).
        const int Slack = 64 * 1024;
        Assert.Equal(3, delta.Calls);
        Assert.InRange(delta.MinManagedHeapDeltaBytes, (1 << 20) - Slack, (1 << 20) + Slack);
        Assert.InRange(delta.MaxManagedHeapDeltaBytes, (4 << 20) - Slack, (4 << 20) + Slack);
        Assert.InRange(delta.ManagedHeapDeltaBytes, (7 << 20) - (3 * Slack), (7 << 20) + (3 * Slack));
    }

    [Fact]
    public void A_lightweight_scope_reads_no_memory()
    {
        using ProfilingSession session = Profiler.StartSession("heap-delta-light");
        using (Profiler.Scope("Tests.light", Layer.Lightweight))
        {
            GC.KeepAlive(new byte[1024]);
        }

        SessionReport report = session.Stop();
        Assert.Null(report.Method(report.Probes.Single(p => p.Name == "Tests.light").Id).HeapDelta);
    }

    [Fact]
    public async Task A_scope_that_ends_on_another_thread_is_measured_and_recorded_once()
    {
        using ProfilingSession session = Profiler.StartSession("heap-delta-async");
        SettleHeap();
        byte[] kept;
        using (Profiler.Scope("Tests.across an await"))
        {
            await Task.Yield();
            await Task.Delay(10);
            kept = new byte[8 << 20];
        }

        HeapDeltaStatistics delta = HeapDeltaOf(session.Stop(), "Tests.across an await");
        GC.KeepAlive(kept);
        Assert.Equal(1, delta.Calls);
        Assert.True(delta.ManagedHeapDeltaBytes >= 8 << 20, $"an 8 MiB array moved the heap by {delta.ManagedHeapDeltaBytes} bytes");
    }

    [Fact]
    public void Statm_text_gives_the_resident_pages()
    {
        Assert.Equal(2345, ProcessMemory.ResidentPages("123456 2345 678 9 0 1000 0\n"u8));
        Assert.Throws<FormatException>(() => ProcessMemory.ResidentPages("123456\n"u8));
        if (OperatingSystem.IsLinux())
        {
            Assert.True(ProcessMemory.WorkingSetBytes() > 0);
        }
    }

    private static HeapDeltaStatistics HeapDeltaOf(SessionReport report, string name) =>
        report.Method(report.Probes.Single(p => p.Name == name).Id).HeapDelta
        ?? throw new Xunit.Sdk.XunitException($"{name} has no heapDelta");

    /// <summary>An array whose every page is written, so it is resident, not only reserved.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte[] Touched(int bytes)
    {
        byte[] array = new byte[bytes];
        for (int i = 0; i < array.Length; i += 4096)
        {
            array[i] = 1;
        }

        return array;
    }

    /// <summary>
    /// The heap figures are the process's: garbage earlier tests left would be freed by a collection
    /// the block happens to trigger and read as the block's own change. Collect it all first.
    /// </summary>
    private static void SettleHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
