namespace Edm.Profiling.Analysis;

/// <summary>
/// One run's typical call duration of a method: the median of the run's duration samples, else the
/// p50 its histogram gives. A baseline keeps it per run (<see cref="BaselineRun.MedianNs"/>) so that the
/// spread between runs is known, and A/B comparisons pair runs by it.
/// </summary>
internal static class RunMedian
{
    /// <summary>The median in whole nanoseconds; 0 when the method made no call.</summary>
    internal static long Of(MethodStatistics method)
    {
        if (method.Calls == 0)
        {
            return 0;
        }

        if (method.Samples is not { DurationsNs.Count: > 0 } samples)
        {
            return method.P50Ns;
        }

        long[] sorted = [.. samples.DurationsNs];
        Array.Sort(sorted);
        return (long)Math.Round(Median.OfSorted(sorted));
    }
}
