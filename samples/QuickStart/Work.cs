using System.Text;
using Edm.Profiling;

namespace QuickStart;

/// <summary>A little work worth profiling: a sieve, some string building, an await.</summary>
public static class Work
{
    /// <summary>Counts the primes below <paramref name="limit"/>.</summary>
    [Profile]
    public static int CountPrimes(int limit)
    {
        bool[] composite = Sieve(limit);
        int count = 0;
        for (int i = 2; i < limit; i++)
        {
            if (!composite[i])
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Marks the composites below <paramref name="limit"/>.</summary>
    [Profile(Layer.Detailed)]
    public static bool[] Sieve(int limit)
    {
        var composite = new bool[limit];
        for (long i = 2; i * i < limit; i++)
        {
            if (!composite[i])
            {
                for (long j = i * i; j < limit; j += i)
                {
                    composite[j] = true;
                }
            }
        }

        return composite;
    }

    /// <summary>Pretends to read settings from somewhere slow.</summary>
    [Profile]
    public static async Task<string> LoadSettingsAsync()
    {
        await Task.Delay(20);
        return "precision=high";
    }

    /// <summary>Formats the result.</summary>
    [Profile(Layer.Detailed)]
    public static string Describe(int primes, string settings)
    {
        var text = new StringBuilder();
        for (int i = 0; i < 1_000; i++)
        {
            text.Clear().Append("There are ").Append(primes).Append(" primes below two million (").Append(settings).Append(").");
        }

        return text.ToString();
    }
}
