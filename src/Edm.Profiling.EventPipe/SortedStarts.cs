namespace Edm.Profiling.EventPipe;

/// <summary>Lookups in lists of code ranges sorted by their start address.</summary>
internal static class SortedStarts
{
    /// <summary>The index of the last entry starting at or before <paramref name="address"/>, or -1 (binary search).</summary>
    internal static int LastAtOrBefore<T>(List<T> sorted, ulong address, Func<T, ulong> start)
    {
        int low = 0, high = sorted.Count - 1, found = -1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            if (start(sorted[middle]) <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
