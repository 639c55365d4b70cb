namespace Edm.Profiling.Tests;

/// <summary>What the gc backend gathered, in clock ticks, becomes the session's <see cref="GcActivity"/> on its time axis.</summary>
public sealed class GcActivityBuilderTests
{
    // A 1 MHz clock whose window starts at tick 1,000 and lasts 10,000 ticks (10 ms).
    private const long Start = 1_000;
    private const long Frequency = 1_000_000;
    private const long DurationNs = 10_000_000;

    private static readonly HeapSizes s_heap = new() { Gen0Bytes = 1, Gen1Bytes = 2, Gen2Bytes = 3, LohBytes = 4, PohBytes = 5 };

    [Fact]
    public void Times_are_nanoseconds_since_the_window_started_and_collections_outside_it_are_left_out()
    {
        GcEventCollector.Collection before = Collection(1, startedAt: 900), inside = Collection(2, startedAt: 3_000), after = Collection(3, startedAt: 12_000);
        inside.AddPause(250);
        inside.HasHeapStats = true;
        inside.HeapStatsAt = 3_400;
        inside.Heap = s_heap;
        inside.PromotedBytes = 7;

        GcActivity gc = GcActivityBuilder.Build([before, inside, after], [], Start, Frequency, DurationNs, TimeSpan.FromMilliseconds(100));

        GcEvent only = Assert.Single(gc.Collections);
        Assert.Equal(2, only.Number);
        Assert.Equal(2_000_000, only.StartNs);
        Assert.Equal(250_000, only.PauseNs);
        Assert.Equal(s_heap, only.HeapAfter);
        Assert.Equal(7, only.PromotedBytes);
        Assert.Null(only.FragmentationBytes);
        Assert.Equal(100_000_000, gc.SeriesIntervalNs);
        HeapPoint point = Assert.Single(gc.HeapSeries);
        Assert.Equal(new HeapPoint { AtNs = 2_400_000, ManagedBytes = 15, Generations = s_heap }, point);
    }

    [Fact]
    public void The_readings_next_to_the_window_stand_for_its_ends_and_the_series_is_in_time_order()
    {
        HeapSeriesSampler.Reading[] readings =
        [
            new(500, 10, 100),     // before the last one before the window: left out
            new(950, 11, 101),     // the backend's first reading: stands for the start
            new(4_000, 12, -1),    // inside, working set unreadable
            new(11_500, 13, 103),  // the backend's last reading: stands for the end
            new(12_000, 14, 104),  // later still: left out
        ];
        GcEventCollector.Collection collection = Collection(5, startedAt: 3_500);
        collection.HasHeapStats = true;
        collection.HeapStatsAt = 3_900;
        collection.Heap = s_heap;

        GcActivity gc = GcActivityBuilder.Build([collection], readings, Start, Frequency, DurationNs, TimeSpan.FromMilliseconds(1));

        Assert.Equal([0L, 2_900_000, 3_000_000, DurationNs], gc.HeapSeries.Select(p => p.AtNs));
        Assert.Equal([11L, 15, 12, 13], gc.HeapSeries.Select(p => p.ManagedBytes));
        Assert.Equal([101L, null, null, 103], gc.HeapSeries.Select(p => p.WorkingSetBytes));
    }

    private static GcEventCollector.Collection Collection(long number, long startedAt) => new(number, 2, "Induced", "NonConcurrent", startedAt) { Ended = true };
}
