namespace Edm.Profiling;

/// <summary>
/// Checks the memory figures of the <c>gc</c> backend and of Detailed scopes: sizes and times not
/// negative, the heap series in time order, a heap delta's minimum not above its maximum.
/// </summary>
internal static class GcValidator
{
    internal static (string Path, string Problem)? Validate(GcActivity gc)
    {
        const string At = "$.gc";
        if (string.IsNullOrEmpty(gc.Source) || gc.Collections is null || gc.HeapSeries is null)
        {
            return (At, "source, collections and heapSeries must be present");
        }

        if (gc.SeriesIntervalNs < 0)
        {
            return (At + ".seriesIntervalNs", $"seriesIntervalNs is negative ({gc.SeriesIntervalNs})");
        }

        for (int i = 0; i < gc.Collections.Count; i++)
        {
            string here = $"{At}.collections[{i}]";
            if (gc.Collections[i] is not { Reason.Length: > 0 } c)
            {
                return (here, "a collection is null or has no reason");
            }

            if (c.Generation is < 0 or > 2)
            {
                return (here + ".generation", $"generation must be 0, 1 or 2 ({c.Generation})");
            }

            if (FirstNegative(here, ("number", c.Number), ("startNs", c.StartNs), ("pauseNs", c.PauseNs),
                    ("promotedBytes", c.PromotedBytes ?? 0), ("fragmentationBytes", c.FragmentationBytes ?? 0)) is { } negative)
            {
                return negative;
            }

            if (c.HeapAfter is { } heap && NegativeSize(here + ".heapAfter", heap) is { } negativeHeap)
            {
                return negativeHeap;
            }
        }

        for (int i = 0; i < gc.HeapSeries.Count; i++)
        {
            string here = $"{At}.heapSeries[{i}]";
            if (gc.HeapSeries[i] is not { } point)
            {
                return (here, "a heap point is null");
            }

            if (FirstNegative(here, ("atNs", point.AtNs), ("managedBytes", point.ManagedBytes), ("workingSetBytes", point.WorkingSetBytes ?? 0)) is { } negative)
            {
                return negative;
            }

            if (point.Generations is { } heap && NegativeSize(here + ".generations", heap) is { } negativeHeap)
            {
                return negativeHeap;
            }

            if (i > 0 && gc.HeapSeries[i - 1] is { } previous && point.AtNs < previous.AtNs)
            {
                return (here + ".atNs", $"the series is not in time order ({point.AtNs} after {previous.AtNs})");
            }
        }

        return null;
    }

    /// <summary>A Detailed scope's <c>heapDelta</c> at <paramref name="at"/>: deltas may be negative, counts and their order may not.</summary>
    internal static (string Path, string Problem)? Validate(HeapDeltaStatistics delta, string at)
    {
        if (delta.Calls < 0)
        {
            return (at + ".calls", $"calls is negative ({delta.Calls})");
        }

        return delta.MinManagedHeapDeltaBytes > delta.MaxManagedHeapDeltaBytes
            ? (at + ".minManagedHeapDeltaBytes", $"minimum ({delta.MinManagedHeapDeltaBytes}) above maximum ({delta.MaxManagedHeapDeltaBytes})")
            : null;
    }

    private static (string, string)? NegativeSize(string at, HeapSizes heap) =>
        FirstNegative(at, ("gen0Bytes", heap.Gen0Bytes), ("gen1Bytes", heap.Gen1Bytes), ("gen2Bytes", heap.Gen2Bytes), ("lohBytes", heap.LohBytes), ("pohBytes", heap.PohBytes));

    private static (string, string)? FirstNegative(string at, params ReadOnlySpan<(string Name, long Value)> fields)
    {
        foreach ((string name, long value) in fields)
        {
            if (value < 0)
            {
                return ($"{at}.{name}", $"{name} is negative ({value})");
            }
        }

        return null;
    }
}
