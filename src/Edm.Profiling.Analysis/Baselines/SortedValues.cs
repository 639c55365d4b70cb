namespace Edm.Profiling.Analysis;

/// <summary>
/// Sorted copies of duration samples, made only when needed: sessions written by the runtime hold their
/// samples sorted, and merged baselines always do, so most samples are used as they are.
/// </summary>
internal static class SortedValues
{
    /// <summary>The values as a sorted array: the array itself when it is one already sorted, else a sorted copy.</summary>
    internal static long[] Of(IReadOnlyList<long> values)
    {
        if (values is long[] array && IsSorted(array))
        {
            return array;
        }

        // Samples read packed are sorted too, but not an array: copied, and sorted only when they are not.
        long[] copy = [.. values];
        if (!IsSorted(copy))
        {
            Array.Sort(copy);
        }

        return copy;
    }

    internal static bool IsSorted(ReadOnlySpan<long> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
