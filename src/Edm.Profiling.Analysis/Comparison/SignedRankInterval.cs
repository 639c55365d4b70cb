using Perfolizer.Mathematics.Distributions.ContinuousDistributions;
using Pragmastat;

namespace Edm.Profiling.Analysis;

/// <summary>
/// The centre of paired differences and its distribution-free confidence interval: the Hodges–Lehmann
/// estimate (the median of the Walsh averages (dᵢ + dⱼ)/2, i ≤ j; Pragmastat's <c>Center</c>) and the
/// interval between two of those averages, chosen from the exact null distribution of Wilcoxon's
/// signed-rank statistic.
/// </summary>
/// <remarks>
/// Why this test for A/B pairs: the order inside each pair is random, so with no real difference every
/// dᵢ is as likely to be +x as −x, whatever the machine did during the pair (a load burst, throttling,
/// a neighbour's build). The signed-rank distribution then holds exactly, with no assumption of
/// normality or a large n, and the false-alarm rate is at most the level for any noise. A
/// normal-theory interval of a median at six pairs was too narrow: an A/A comparison on a loaded
/// machine called methods Regressed. The price is honesty about small n: n pairs can reach a one-sided
/// level α only if (1/2)ⁿ ≤ α, so seven pairs at the default 0.01 (see <see cref="PairsNeeded"/>).
/// </remarks>
internal static class SignedRankInterval
{
    /// <summary>The Hodges–Lehmann centre of <paramref name="differences"/> and the interval around it at two-sided <paramref name="level"/>; the interval is infinite when n is too small for that level.</summary>
    internal static (double Estimate, double Lower, double Upper) Of(IReadOnlyList<double> differences, double level)
    {
        int n = differences.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        double estimate = Toolkit.Center(new Sample([.. differences])).NominalValue;
        int k = LowerRank(n, (1 - level) / 2);
        if (k == 0)
        {
            return (estimate, double.NegativeInfinity, double.PositiveInfinity);
        }

        double[] walsh = WalshAverages(differences);
        Array.Sort(walsh);
        return (estimate, walsh[k - 1], walsh[walsh.Length - k]);
    }

    /// <summary>The fewest pairs with which a one-sided test at <paramref name="alpha"/> can be significant: (1/2)ⁿ ≤ α.</summary>
    internal static int PairsNeeded(double alpha) => (int)Math.Ceiling(Math.Log2(1 / alpha) - 1e-9);

    /// <summary>
    /// The rank k of the lower end among the sorted Walsh averages: the largest k with
    /// P(W⁺ ≤ k − 1) ≤ <paramref name="alpha"/> under the null, W⁺ the signed-rank statistic of n pairs;
    /// 0 when not even P(W⁺ = 0) = (1/2)ⁿ is small enough.
    /// </summary>
    internal static int LowerRank(int n, double alpha)
    {
        if (n > ExactUpTo)
        {
            // The exact table costs n³/2 steps; past a hundred pairs the normal approximation of W⁺
            // (mean n(n+1)/4, variance n(n+1)(2n+1)/24, continuity-corrected) is within 1% of its rank,
            // a little wider in the far tail.
            double mean = n * (n + 1) / 4.0;
            double deviation = Math.Sqrt(n * (n + 1) * ((2.0 * n) + 1) / 24);
            return Math.Max(0, (int)Math.Floor(mean + 0.5 + (deviation * NormalDistribution.Standard.Quantile(alpha))));
        }

        double[] probability = NullDistribution(n);
        double cumulative = 0;
        int k = 0;
        while (k < probability.Length && cumulative + probability[k] <= alpha)
        {
            cumulative += probability[k];
            k++;
        }

        return k;
    }

    /// <summary>Pairs up to which <see cref="LowerRank"/> uses the exact distribution.</summary>
    internal const int ExactUpTo = 100;

    /// <summary>P(W⁺ = w) for w = 0 … n(n+1)/2: each rank 1 … n is positive with probability ½, independently.</summary>
    internal static double[] NullDistribution(int n)
    {
        int max = n * (n + 1) / 2;
        var probability = new double[max + 1];
        probability[0] = 1;
        int reached = 0;
        for (int rank = 1; rank <= n; rank++)
        {
            reached += rank;
            for (int w = reached; w >= 0; w--)
            {
                double withRank = w >= rank ? probability[w - rank] : 0;
                probability[w] = (probability[w] + withRank) / 2;
            }
        }

        return probability;
    }

    private static double[] WalshAverages(IReadOnlyList<double> d)
    {
        var walsh = new double[d.Count * (d.Count + 1) / 2];
        int next = 0;
        for (int i = 0; i < d.Count; i++)
        {
            for (int j = i; j < d.Count; j++)
            {
                walsh[next++] = (d[i] + d[j]) / 2;
            }
        }

        return walsh;
    }
}
