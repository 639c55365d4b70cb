using Xunit.Abstractions;
using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>
/// The paired A/B statistics on a simulated noisy machine. One experiment is 2N runs in time order;
/// the machine drifts slowly (+20% over the experiment: heat, a neighbour's build) and each run has
/// its own state (2% log-normal), and each of the method's 100 calls per run varies by 20% around
/// that. Interleaved, runs 2i and 2i+1 are a pair in a random order; sequential, the first N runs are
/// A and the last N are B, which is what comparing with a baseline recorded earlier amounts to.
/// </summary>
public sealed class PairedComparisonTests(ITestOutputHelper output)
{
    private const string Method = "Edm.Tracks.Analysis.Fft(float[])";
    private const string Once = "Edm.Tracks.Evaluate(string)";
    private const int Seeds = 1000;
    private const int BurstSeeds = 2000;

    /// <summary>One simulated experiment's runs, in time order: each run's call durations of <see cref="Method"/> and its single <see cref="Once"/> call.</summary>
    private static (long[] Calls, long Once)[] Experiment(Random random, int runs, Func<int, double> effect, double drift = 0.20)
    {
        var result = new (long[], long)[runs];
        for (int t = 0; t < runs; t++)
        {
            double level = (1 + (drift * t / runs)) * Math.Exp(0.02 * Gaussian(random)) * effect(t);
            result[t] = (LogNormal(random, 100, 10_000 * level, sigma: 0.2), (long)(5_000_000 * level * Math.Exp(0.02 * Gaussian(random))));
        }

        return result;
    }

    private static SessionReport Run((long[] Calls, long Once) run, int t) =>
        Session("edm", null, DateTimeOffset.UnixEpoch.AddMinutes(t), new Synthetic.Method(Method, run.Calls), new Synthetic.Method(Once, [run.Once]));

    /// <summary>Interleaved: pair i is runs 2i and 2i+1, which of them is A decided by a coin; <paramref name="slowerB"/> scales B's runs.</summary>
    private static ComparisonReport Interleaved(int seed, int pairs, double slowerB)
    {
        var random = new Random(seed);
        bool[] aFirst = [.. Enumerable.Range(0, pairs).Select(_ => random.Next(2) == 0)];
        bool IsB(int t) => (t % 2 == 1) == aFirst[t / 2];
        var runs = Experiment(random, 2 * pairs, t => IsB(t) ? slowerB : 1.0);
        var a = new List<SessionReport>();
        var b = new List<SessionReport>();
        for (int t = 0; t < runs.Length; t++)
        {
            (IsB(t) ? b : a).Add(Run(runs[t], t));
        }

        return PairedRegressionDetector.Compare(Baseline.Merge("A", a), Baseline.Merge("B", b));
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static MetricComparison TimeOf(ComparisonReport report) =>
        report.Methods.Single(m => m.Name == Method).Metrics.Single(m => m.Metric == Metric.WallTime);

    private static Verdict TimeVerdict(ComparisonReport report, string method) =>
        report.Methods.Single(m => m.Name == method).Metrics.Single(m => m.Metric == Metric.WallTime).Verdict;

    [Fact]
    public void AA_with_a_slow_drift_is_Unchanged_in_at_least_99_percent_of_seeds_when_interleaved_and_paired()
    {
        int unchanged = 0, unchangedOnce = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            ComparisonReport report = Interleaved(seed, pairs: 20, slowerB: 1.0);
            unchanged += TimeVerdict(report, Method) == Verdict.Unchanged ? 1 : 0;
            unchangedOnce += TimeVerdict(report, Once) == Verdict.Unchanged ? 1 : 0;
            Assert.False(report.Summary.HasRegression && TimeVerdict(report, Method) != Verdict.Regressed, "calls and allocations are equal on both sides");
        }

        output.WriteLine($"A/A interleaved, 20 pairs: Unchanged in {unchanged} of {Seeds} seeds (many calls per run), {unchangedOnce} of {Seeds} (one call per run)");
        Assert.True(unchanged >= 0.99 * Seeds, $"Unchanged in {unchanged} of {Seeds}");
        Assert.True(unchangedOnce >= 0.99 * Seeds, $"Unchanged in {unchangedOnce} of {Seeds} for the method called once per run");
    }

    /// <summary>
    /// A/A on a loaded machine, as the test VM is while other test assemblies build: the second run of
    /// a pair is 15% slower (it starts while the first one's process still exits), and a run is hit by
    /// a burst (×1.2–2.5) with probability 0.2, whichever side it is. The order is random per pair, so
    /// the position effect is noise, not bias, and a false alarm must stay within the level: 0.01 a
    /// direction, 2% for either, with one point of slack for 2,000 seeds. The normal-theory interval of
    /// the median used before (Harrell–Davis, Maritz–Jarrett, Student t) read the two-humped ratios as a
    /// shift: 3.7%, 6.7% and 11% false alarms at 6, 8 and 10 pairs in the same model without bursts.
    /// </summary>
    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(10)]
    public void AA_with_a_position_effect_and_bursts_raises_false_alarms_no_more_often_than_the_level(int pairs)
    {
        int alarms = 0;
        for (int seed = 0; seed < BurstSeeds; seed++)
        {
            var random = new Random(50_000 + seed);
            var a = new List<SessionReport>();
            var b = new List<SessionReport>();
            for (int pair = 0; pair < pairs; pair++)
            {
                bool aFirst = random.Next(2) == 0;
                foreach (bool isA in new[] { aFirst, !aFirst })
                {
                    double level = (isA == aFirst ? 1.0 : 1.15) * (random.NextDouble() < 0.2 ? 1.2 + (1.3 * random.NextDouble()) : 1.0);
                    long once = (long)(5_000_000 * level * Math.Exp(0.02 * Gaussian(random)));
                    (isA ? a : b).Add(Run((LogNormal(random, 20, 10_000 * level, sigma: 0.2), once), (2 * pair) + (isA == aFirst ? 0 : 1)));
                }
            }

            ComparisonReport report = PairedRegressionDetector.Compare(Baseline.Merge("A", a), Baseline.Merge("B", b));
            alarms += TimeVerdict(report, Method) is Verdict.Regressed or Verdict.Improved ? 1 : 0;
        }

        output.WriteLine($"A/A with a position effect and bursts, {pairs} pairs: Regressed or Improved in {alarms} of {BurstSeeds} seeds");
        Assert.True(alarms <= 0.03 * BurstSeeds, $"false alarms in {alarms} of {BurstSeeds} seeds");
    }

    [Fact]
    public void Six_pairs_cannot_be_significant_at_one_percent_and_the_reason_says_so()
    {
        ComparisonReport report = Interleaved(21, pairs: 6, slowerB: 1.5);
        MetricComparison time = TimeOf(report);
        Assert.Equal(Verdict.Unknown, time.Verdict);
        Assert.InRange(time.Ratio!.Value, 1.35, 1.65);
        Assert.Null(time.RatioLower);
        Assert.Null(time.RatioUpper);
        Assert.Contains("6 pairs cannot be significant at 0.01: 7 needed", time.Reason, StringComparison.Ordinal);

        ComparisonReport seven = Interleaved(21, pairs: 7, slowerB: 1.5);
        Assert.Equal(Verdict.Regressed, TimeVerdict(seven, Method));
    }

    [Fact]
    public void The_same_drift_compared_unpaired_A_runs_first_then_B_runs_raises_the_false_alarm()
    {
        int alarms = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed);
            var runs = Experiment(random, 40, _ => 1.0);

            // The same machine and drift, taken the way a stored baseline is: all of A, then all of B,
            // every call pooled, judged by the unpaired rank test.
            SessionReport a = Session("edm", null, new Synthetic.Method(Method, [.. runs[..20].SelectMany(r => r.Calls)]));
            SessionReport b = Session("edm", null, new Synthetic.Method(Method, [.. runs[20..].SelectMany(r => r.Calls)]));
            alarms += TimeVerdict(RegressionDetector.Compare(a, b), Method) is Verdict.Regressed or Verdict.Improved ? 1 : 0;
        }

        output.WriteLine($"A/A sequential, unpaired: Regressed or Improved in {alarms} of {Seeds} seeds");
        Assert.True(alarms >= 0.5 * Seeds, $"the drift gave a false alarm in only {alarms} of {Seeds} seeds; the simulation no longer shows what pairing cures");
    }

    [Fact]
    public void A_ten_percent_slowdown_is_Regressed_in_at_least_95_percent_of_seeds_at_20_pairs()
    {
        int found = 0, foundOnce = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            ComparisonReport report = Interleaved(10_000 + seed, pairs: 20, slowerB: 1.10);
            found += TimeVerdict(report, Method) == Verdict.Regressed ? 1 : 0;
            foundOnce += TimeVerdict(report, Once) == Verdict.Regressed ? 1 : 0;
        }

        output.WriteLine($"10% slower B, 20 pairs: Regressed in {found} of {Seeds} seeds (many calls per run), {foundOnce} of {Seeds} (one call per run)");
        Assert.True(found >= 0.95 * Seeds, $"found in {found} of {Seeds}");
        Assert.True(foundOnce >= 0.95 * Seeds, $"found in {foundOnce} of {Seeds} for the method called once per run");
    }

    [Fact]
    public void A_ten_percent_speedup_is_Improved_and_the_ratio_is_inside_its_interval()
    {
        ComparisonReport report = Interleaved(77, pairs: 20, slowerB: 0.90);
        MetricComparison time = TimeOf(report);
        Assert.Equal(Verdict.Improved, time.Verdict);
        Assert.InRange(time.Ratio!.Value, 0.85, 0.95);
        Assert.InRange(time.Ratio.Value, time.RatioLower!.Value, time.RatioUpper!.Value);
        Assert.Contains("paired over 20 runs", time.Reason, StringComparison.Ordinal);
        Assert.Equal(20, report.Pairs);
    }

    [Fact]
    public void Too_few_pairs_give_Unknown_and_sides_of_different_length_are_refused()
    {
        ComparisonReport report = Interleaved(5, pairs: 3, slowerB: 1.5);
        Assert.Equal(Verdict.Unknown, TimeVerdict(report, Method));
        Assert.False(report.Summary.HasRegression);

        var random = new Random(6);
        var runs = Experiment(random, 3, _ => 1.0);
        Baseline two = Baseline.Merge("A", [Run(runs[0], 0), Run(runs[1], 1)]);
        Baseline one = Baseline.Merge("B", [Run(runs[2], 2)]);
        AnalysisException e = Assert.Throws<AnalysisException>(() => PairedRegressionDetector.Compare(two, one));
        Assert.Contains("pairs runs one to one", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_counts_stay_an_exact_gate_in_a_paired_comparison()
    {
        var random = new Random(8);
        var runs = Experiment(random, 12, _ => 1.0);
        List<SessionReport> a = [.. runs[..6].Select(Run)];
        List<SessionReport> b = [.. runs[6..].Select((r, i) => Session("edm", null, new Synthetic.Method(Method, r.Calls, Calls: 101), new Synthetic.Method(Once, [r.Once])))];
        ComparisonReport report = PairedRegressionDetector.Compare(Baseline.Merge("A", a), Baseline.Merge("B", b));
        MethodComparison method = report.Methods.Single(m => m.Name == Method);
        Assert.Equal(Verdict.Regressed, method.Verdict);
        Assert.Equal(Verdict.Regressed, method.Metrics.Single(m => m.Metric == Metric.Calls).Verdict);
    }
}
