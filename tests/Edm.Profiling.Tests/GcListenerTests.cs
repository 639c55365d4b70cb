namespace Edm.Profiling.Tests;

/// <summary>
/// The built-in <c>gc</c> backend: the runtime's GC events through an in-process EventListener, in
/// this test process (no Edm.Profiling.EventPipe here), and its parts fed by hand.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class GcListenerTests
{
    private const int Collections = 3;

    [Fact]
    public void The_gc_backend_runs_without_the_EventPipe_package_and_records_each_induced_collection()
    {
        Assert.Contains(GcBackend.BackendName, ProfilerBackends.Known);
        using ProfilingSession session = Profiler.StartSession("gc-listener", new SessionOptions { Backends = [GcBackend.BackendName] });
        long before = GC.CollectionCount(2);
        for (int i = 0; i < Collections; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        }

        long induced = GC.CollectionCount(2) - before;
        SessionReport report = session.Stop();

        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Edm.Profiling.EventPipe");
        Assert.Equal([new BackendStatus { Name = GcBackend.BackendName, Ran = true }], report.Backends!);
        Assert.Empty(report.Warnings);
        GcActivity gc = report.Gc!;
        Assert.Equal("eventlistener", gc.Source);
        List<GcEvent> gen2 = [.. gc.Collections.Where(c => c.Generation == 2 && c.Reason == "Induced")];
        Assert.True(gen2.Count >= induced, $"{gen2.Count} induced gen-2 collections recorded, {induced} happened");
        Assert.All(gen2, c =>
        {
            Assert.Equal("NonConcurrent", c.Type);
            Assert.True(c.PauseNs > 0, $"collection {c.Number} has no pause");
            Assert.InRange(c.StartNs, 0, report.DurationNs);
            Assert.NotNull(c.HeapAfter);
            Assert.NotNull(c.PromotedBytes);
        });

        // The runtime keeps its record of the last full blocking collection until the next one: the last induced one has its fragmentation.
        Assert.NotNull(gen2[^1].FragmentationBytes);
        Assert.Equal([.. gc.Collections.Select(c => c.Number).Order()], gc.Collections.Select(c => c.Number));
        Assert.Null(SessionValidator.Validate(report));
    }

    [Fact]
    public void The_event_clock_maps_utc_times_back_to_stopwatch_ticks_through_its_pairing()
    {
        // A 1 GHz stopwatch paired at UTC tick 5,000,000 (0.5 s) with stopwatch tick 2,000,000,000.
        var clock = new EventClock(5_000_000, 2_000_000_000, 1_000_000_000);
        Assert.Equal(2_000_000_000, clock.ToStopwatch(new DateTime(5_000_000, DateTimeKind.Utc)));
        Assert.Equal(2_000_012_300, clock.ToStopwatch(new DateTime(5_000_123, DateTimeKind.Utc))); // 12.3 µs later
        Assert.Equal(1_999_999_900, clock.ToStopwatch(new DateTime(4_999_999, DateTimeKind.Utc))); // 100 ns earlier

        // A 10 MHz stopwatch (Windows' usual QueryPerformanceFrequency): one tick per UTC tick.
        var windows = new EventClock(1_000, 7, 10_000_000);
        Assert.Equal(57, windows.ToStopwatch(new DateTime(1_050, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_collection_gets_its_suspension_as_pause_and_the_heap_statistics_that_follow_its_end()
    {
        var collector = new GcEventCollector();
        var heap = new HeapSizes { Gen0Bytes = 1, Gen1Bytes = 2, Gen2Bytes = 3, LohBytes = 4, PohBytes = 5 };
        collector.OnSuspending(100);
        collector.OnStart(7, 2, "Induced", "NonConcurrent", 110);
        collector.OnEnd(7);
        collector.OnHeapStats(150, heap, 42, number => number == 7 ? 9 : null);
        collector.OnRestarted(160);

        // A background collection: its own suspension, the program running, then its final suspension with no start in it.
        collector.OnSuspending(200);
        collector.OnStart(8, 2, "AllocSmall", "Background", 205);
        collector.OnRestarted(210);
        collector.OnSuspending(300);
        collector.OnRestarted(330);
        collector.OnEnd(8);
        collector.OnHeapStats(340, heap, 1, _ => null);

        IReadOnlyList<GcEventCollector.Collection> collections = collector.Collections;
        Assert.Equal([7L, 8], collections.Select(c => c.Number));
        Assert.Equal(60, collections[0].PauseTicks);
        Assert.Equal((heap, 42L, 9L, 150L), (collections[0].Heap, collections[0].PromotedBytes, collections[0].FragmentationBytes, collections[0].HeapStatsAt));
        Assert.Equal(10 + 30, collections[1].PauseTicks);
        Assert.Null(collections[1].FragmentationBytes);
    }

    [Fact]
    public void Waiting_for_the_last_collection_ends_when_its_events_arrived_and_a_closed_collector_ignores_late_ones()
    {
        var collector = new GcEventCollector();
        var heap = new HeapSizes();
        collector.OnSuspending(1);
        collector.OnStart(3, 0, "AllocSmall", "NonConcurrent", 2);
        collector.OnEnd(3);
        collector.OnHeapStats(4, heap, 0, _ => null);
        Assert.False(collector.WaitForCompletion(3, TimeSpan.Zero)); // its suspension is still open
        collector.OnRestarted(5);
        Assert.True(collector.WaitForCompletion(3, TimeSpan.Zero));
        Assert.False(collector.WaitForCompletion(4, TimeSpan.Zero)); // not delivered

        // Delivered from another thread while the backend waits.
        var delivery = new Thread(() =>
        {
            collector.OnStart(4, 1, "AllocSmall", "NonConcurrent", 6);
            collector.OnEnd(4);
            collector.OnHeapStats(7, heap, 0, _ => null);
        });
        delivery.Start();
        Assert.True(collector.WaitForCompletion(4, TimeSpan.FromMinutes(1)));
        delivery.Join();

        // A collection whose start came before the listener's: its end and statistics still complete the wait.
        collector.OnEnd(6);
        collector.OnHeapStats(8, heap, 0, _ => null);
        Assert.True(collector.WaitForCompletion(6, TimeSpan.Zero));
        Assert.Equal([3L, 4], collector.Collections.Select(c => c.Number));

        collector.Close();
        collector.OnStart(5, 0, "AllocSmall", "NonConcurrent", 8);
        Assert.Equal([3L, 4], collector.Collections.Select(c => c.Number));
        Assert.False(collector.WaitForCompletion(7, TimeSpan.FromMinutes(1))); // closed: returns at once
    }

    [Fact]
    public void Reasons_and_types_carry_the_runtimes_names_and_numbers_it_does_not_name()
    {
        Assert.Equal(["AllocSmall", "Induced", "LowMemory", "AllocLarge", "LowMemoryHostBlocking", "17"],
            new long[] { 0, 1, 2, 4, 13, 17 }.Select(GcEventListener.ReasonName));
        Assert.Equal(["NonConcurrent", "Background", "Foreground", "3"], new long[] { 0, 1, 2, 3 }.Select(GcEventListener.TypeName));
    }
}
