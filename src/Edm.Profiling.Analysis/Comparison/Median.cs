namespace Edm.Profiling.Analysis;

/// <summary>The median of a sample: the middle value, or the mean of the two middle ones. The one place it is computed.</summary>
internal static class Median
{
    /// <summary>The median of values already in ascending order; NaN for none.</summary>
    internal static double OfSorted(ReadOnlySpan<double> sorted)
    {
        int n = sorted.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The median of whole values already in ascending order, in doubles (the mean of two middle ones may be a half); NaN for none.</summary>
    internal static double OfSorted(ReadOnlySpan<long> sorted)
    {
        int n = sorted.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + (double)sorted[n / 2]) / 2;
    }

    /// <summary>The median of values in any order; they are sorted in a copy.</summary>
    internal static double Of(ReadOnlySpan<double> values)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted);
    }
}
