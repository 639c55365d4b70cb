using System.Buffers;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Merges the duration samples of several runs into one uniform sample of all their calls. A run's
/// sample stands for its population (its calls), so each run contributes in proportion to its
/// population: a stratified sample with proportional allocation, which gives every call of every run
/// the same chance to be kept. The merged size is the capacity, or less when a run kept too few
/// values for its share.
/// </summary>
internal static class SampleMerger
{
    internal static DurationSample Merge(IReadOnlyList<DurationSample> samples, int capacity, int seed)
    {
        long population = samples.Sum(s => s.Population);
        if (samples.Count == 1 && samples[0].DurationsNs.Count <= capacity)
        {
            return new DurationSample { Population = population, DurationsNs = SortedValues.Of(samples[0].DurationsNs) };
        }

        // Largest k such that every run can give its proportional share k * population_i / population.
        double size = Math.Max(0, capacity);
        foreach (DurationSample s in samples)
        {
            if (s.Population > 0)
            {
                size = Math.Min(size, (double)s.DurationsNs.Count * population / s.Population);
            }
        }

        int[] take = Allocate(samples, (int)Math.Floor(size), population);
        var random = new Random(seed);
        long[] merged = new long[take.Sum()];
        int filled = 0;
        long[] values = ArrayPool<long>.Shared.Rent(samples.Max(s => s.DurationsNs.Count));
        try
        {
            for (int i = 0; i < samples.Count; i++)
            {
                int count = CopyTo(samples[i].DurationsNs, values);
                // Partial Fisher–Yates: the first take[i] values become a uniform subset.
                for (int j = 0; j < take[i]; j++)
                {
                    int pick = random.Next(j, count);
                    (values[j], values[pick]) = (values[pick], values[j]);
                    merged[filled++] = values[j];
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(values);
        }

        Array.Sort(merged);
        return new DurationSample { Population = population, DurationsNs = merged };
    }

    private static int CopyTo(IReadOnlyList<long> from, long[] to)
    {
        if (from is long[] array)
        {
            array.CopyTo(to, 0);
        }
        else
        {
            for (int i = 0; i < from.Count; i++)
            {
                to[i] = from[i];
            }
        }

        return from.Count;
    }

    /// <summary>Shares proportional to population, rounded by largest remainder, never above what a run kept.</summary>
    private static int[] Allocate(IReadOnlyList<DurationSample> samples, int size, long population)
    {
        int[] take = new int[samples.Count];
        if (population == 0 || size == 0)
        {
            return take;
        }

        var remainders = new (double Remainder, int Index)[samples.Count];
        int given = 0;
        for (int i = 0; i < samples.Count; i++)
        {
            double exact = (double)size * samples[i].Population / population;
            take[i] = Math.Min((int)Math.Floor(exact), samples[i].DurationsNs.Count);
            given += take[i];
            remainders[i] = (exact - Math.Floor(exact), i);
        }

        foreach ((_, int index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index))
        {
            if (given >= size)
            {
                break;
            }

            if (take[index] < samples[index].DurationsNs.Count)
            {
                take[index]++;
                given++;
            }
        }

        return take;
    }

    /// <summary>A seed from the method name that is the same in every process (string hashes are not).</summary>
    internal static int Seed(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
