using System.Numerics;

namespace Edm.Profiling;

/// <summary>
/// Bucket arithmetic of the log-linear latency histogram (the scheme of HdrHistogram with 5
/// sub-bucket bits). Values below 32 have a bucket each; above, every power of two is split in 32
/// equal buckets, so a bucket's width is at most 1/32 of its lower bound and a percentile read from
/// the bucket midpoint is within 1.6% of the true value. The same scheme is used for ticks on the hot
/// path and for nanoseconds in reports; docs/session-format.md documents it.
/// </summary>
internal static class LatencyHistogram
{
    internal const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;

    /// <summary>Highest power of two tracked; values from 2^48 (3.3 days in ns) share the last bucket.</summary>
    private const int MaxExponent = 47;

    /// <summary>Number of buckets of the scheme.</summary>
    internal const int BucketCount = (MaxExponent - SubBucketBits + 2) * SubBuckets;

    /// <summary>Bucket index of a non-negative value.</summary>
    internal static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return value < 0 ? 0 : (int)value;
        }

        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        int sub = (int)(value >> (exponent - SubBucketBits)) & (SubBuckets - 1);
        return ((exponent - SubBucketBits + 1) << SubBucketBits) + sub;
    }

    /// <summary>Smallest value that falls in bucket <paramref name="index"/>.</summary>
    internal static long LowerBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        int exponent = (index >> SubBucketBits) + SubBucketBits - 1;
        int sub = index & (SubBuckets - 1);
        return (long)(SubBuckets + sub) << (exponent - SubBucketBits);
    }

    /// <summary>Smallest value above bucket <paramref name="index"/> (exclusive upper bound).</summary>
    internal static long UpperBound(int index)
    {
        if (index < SubBuckets)
        {
            return index + 1;
        }

        int exponent = (index >> SubBucketBits) + SubBucketBits - 1;
        return LowerBound(index) + (1L << (exponent - SubBucketBits));
    }

    /// <summary>
    /// The value at <paramref name="quantile"/> (0..1) of a histogram given as bucket counts,
    /// interpolated linearly inside the bucket that holds the rank, and clamped to the observed range.
    /// </summary>
    internal static long ValueAt(ReadOnlySpan<long> counts, long total, double quantile, long min, long max)
    {
        if (total <= 0)
        {
            return 0;
        }

        // Rank in 1..total of the sample at this quantile (nearest-rank definition).
        long rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            long count = counts[i];
            if (count == 0)
            {
                continue;
            }

            if (seen + count >= rank)
            {
                long lower = LowerBound(i);
                long width = UpperBound(i) - lower;
                double within = (rank - seen - 0.5) / count;
                long value = lower + (long)(within * width);
                return Math.Clamp(value, min, max);
            }

            seen += count;
        }

        return max;
    }
}
