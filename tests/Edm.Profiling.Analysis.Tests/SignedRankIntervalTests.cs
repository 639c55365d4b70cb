namespace Edm.Profiling.Analysis.Tests;

public sealed class SignedRankIntervalTests
{
    [Fact]
    public void The_null_distribution_of_three_pairs_is_the_eight_sign_patterns()
    {
        // Ranks 1, 2, 3 each positive or not: sums 0, 1, 2, 3, 3, 4, 5, 6.
        double[] p = SignedRankInterval.NullDistribution(3);
        Assert.Equal(new[] { 1, 1, 1, 2, 1, 1, 1 }.Select(c => c / 8.0), p);
    }

    [Theory]
    [InlineData(6, 0.01, 0)] // (1/2)^6 = 0.0156 > 0.01: no interval
    [InlineData(7, 0.01, 1)] // P(W+ = 0) = 1/128
    [InlineData(10, 0.01, 6)] // P(W+ <= 5) = 10/1024, P(W+ <= 6) = 14/1024
    [InlineData(10, 0.025, 9)] // the tables' two-sided 5% critical value at n = 10 is 8
    [InlineData(20, 0.01, 44)] // the tables' one-sided 1% critical value at n = 20 is 43
    public void Lower_ranks_match_the_published_critical_values(int n, double alpha, int k)
    {
        Assert.Equal(k, SignedRankInterval.LowerRank(n, alpha));
    }

    [Fact]
    public void Past_the_exact_table_the_normal_approximation_is_close_and_not_narrower()
    {
        int n = SignedRankInterval.ExactUpTo + 1;
        double[] p = SignedRankInterval.NullDistribution(n);
        foreach (double alpha in new[] { 0.001, 0.01, 0.05 })
        {
            int exact = 0;
            double cumulative = 0;
            while (cumulative + p[exact] <= alpha)
            {
                cumulative += p[exact++];
            }

            // Within 1% of the exact rank (8 ranks short at 0.001, where the normal tail is thinner),
            // and never more than a rank past it: the interval is at most a hair narrower than exact.
            Assert.InRange(SignedRankInterval.LowerRank(n, alpha), exact - (exact / 100), exact + 1);
        }
    }

    [Fact]
    public void Pairs_needed_is_the_smallest_n_with_a_half_to_the_n_within_alpha()
    {
        Assert.Equal(7, SignedRankInterval.PairsNeeded(0.01));
        Assert.Equal(5, SignedRankInterval.PairsNeeded(0.05));
        Assert.Equal(4, SignedRankInterval.PairsNeeded(0.0625));
    }

    [Fact]
    public void The_interval_brackets_the_centre_and_excludes_zero_for_a_clear_shift()
    {
        double[] d = [0.31, 0.28, 0.35, 0.30, 0.26, 0.33, 0.29, 0.34, 0.27, 0.32];
        (double estimate, double lower, double upper) = SignedRankInterval.Of(d, 0.98);
        Assert.InRange(estimate, 0.295, 0.315);
        Assert.True(lower > 0 && lower < estimate && upper > estimate, $"[{lower}, {upper}] around {estimate}");

        (_, double wideLower, double wideUpper) = SignedRankInterval.Of(d[..6], 0.98);
        Assert.Equal(double.NegativeInfinity, wideLower);
        Assert.Equal(double.PositiveInfinity, wideUpper);
    }
}
