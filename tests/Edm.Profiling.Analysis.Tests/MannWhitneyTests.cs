using Perfolizer.Horology;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>The way the detector drives Perfolizer's Mann–Whitney test: calibration, large samples, and the U pre-check.</summary>
public sealed class MannWhitneyTests
{
    private const string Fft = "Fft";

    [Fact]
    public void Without_a_threshold_each_one_sided_test_alarms_at_its_level_also_above_600_samples()
    {
        // Perfolizer's Edgeworth approximation overflows above ~600 values a side and then alarms far
        // too often; with the normal approximation each direction alarms about 1% of the time at 1%.
        var options = new ComparisonOptions { TimeThreshold = 0, ProbeCostNs = 0 };
        var random = new Random(77);
        int regressed = 0, improved = 0;
        const int Trials = 1000;
        for (int trial = 0; trial < Trials; trial++)
        {
            ComparisonReport report = RegressionDetector.Compare(
                Session("edm", null, new Method(Fft, LogNormal(random, 700, 5_000, sigma: 0.25))),
                Session("edm", null, new Method(Fft, LogNormal(random, 700, 5_000, sigma: 0.25))),
                options);
            Verdict verdict = report.Methods[0].Metrics.Single(m => m.Metric == Metric.WallTime).Verdict;
            regressed += verdict == Verdict.Regressed ? 1 : 0;
            improved += verdict == Verdict.Improved ? 1 : 0;
        }

        // Binomial(1000, 0.01): 10 ± 3; a broken CDF gives several times more.
        Assert.InRange(regressed, 2, 25);
        Assert.InRange(improved, 2, 25);
    }

    [Fact]
    public void Samples_larger_than_the_test_takes_are_thinned_and_still_judged()
    {
        var random = new Random(78);
        MetricComparison Judge(double scale) => RegressionDetector.Compare(
                Session("edm", null, new Method(Fft, LogNormal(random, 5_000, 10_000))),
                Session("edm", null, new Method(Fft, LogNormal(random, 5_000, 10_000 * scale))))
            .Methods[0].Metrics.Single(m => m.Metric == Metric.WallTime);

        Assert.Equal(Verdict.Regressed, Judge(1.10).Verdict);
        Assert.Equal(Verdict.Improved, Judge(0.90).Verdict);
        MetricComparison same = Judge(1.0);
        Assert.Equal(Verdict.Unchanged, same.Verdict);
        Assert.Contains("5000 vs 5000 samples", same.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_U_pre_check_skips_only_tests_whose_p_value_is_at_least_a_third_and_otherwise_returns_Perfolizers()
    {
        var random = new Random(79);
        int skipped = 0, run = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            int n = 3 + random.Next(120), m = 3 + random.Next(120);
            double scale = 0.85 + (0.3 * random.NextDouble());
            double relative = random.Next(3) * 0.05;
            double floor = random.Next(3) * 30.0;
            // Coarse values, so ties with the shifted sample happen.
            long[] x = [.. LogNormal(random, n, 1_000 * scale).Select(v => (long)Math.Round(v / 50.0) * 50).Order()];
            long[] y = [.. LogNormal(random, m, 1_000).Select(v => (long)Math.Round(v / 50.0) * 50).Order()];
            var threshold = new Threshold(PercentValue.Of(relative * 100).ToMeasurement(), TimeInterval.FromNanoseconds(floor).ToMeasurement());
            MannWhitneyStrategy strategy = n + m <= 65 ? MannWhitneyStrategy.LoefflerExact : MannWhitneyStrategy.NormalApprox;
            double direct = MannWhitneyTest.Instance.PerformStrategy(
                new Sample(x.Select(v => (double)v).ToArray(), TimeUnit.Nanosecond), new Sample(y.Select(v => (double)v).ToArray(), TimeUnit.Nanosecond),
                AlternativeHypothesis.Greater, threshold, strategy).PValue;

            double? checkedFirst = WallTimeComparer.PValue(x, y, threshold, relative, floor);
            if (checkedFirst is { } p)
            {
                Assert.Equal(direct, p);
                run++;
            }
            else
            {
                Assert.True(direct >= 0.3, $"skipped a test with p = {direct} (n={n}, m={m})");
                skipped++;
            }
        }

        Assert.True(skipped > 50 && run > 50, $"both paths exercised ({skipped} skipped, {run} run)");
    }
}
