using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>A baseline of several runs keeps each run's median per method, and a comparison allows for the spread they show.</summary>
public sealed class BetweenRunNoiseTests
{
    private const string Fft = "Edm.Tracks.Analyzer.Fft(float[])";

    private static MetricComparison Time(ComparisonReport report) =>
        report.Methods.Single(m => m.Name == Fft).Metrics.Single(m => m.Metric == Metric.WallTime);

    /// <summary>Five runs whose medians are 100, 103, 106, 109 and 112 µs: a spread of 12%.</summary>
    private static Baseline FiveRuns(Random random) => Baseline.Merge(
        "edm-evaluate",
        [.. new[] { 100_000, 103_000, 106_000, 109_000, 112_000 }.Select(median => Session("edm", null, new Method(Fft, LogNormal(random, 400, median, sigma: 0.05))))]);

    [Fact]
    public void A_merged_baseline_keeps_each_runs_median_per_method()
    {
        Baseline baseline = FiveRuns(new Random(1));
        Assert.Equal(5, baseline.Runs.Count);
        long[] medians = [.. baseline.Runs.Select(r => Assert.Single(r.MedianNs))];
        Assert.All(medians.Zip(new[] { 100_000, 103_000, 106_000, 109_000, 112_000 }), p => Assert.InRange(p.First, p.Second * 0.98, p.Second * 1.02));

        // Written and read back, they stay (format 1.1).
        Baseline reread = BaselineJson.Deserialize(BaselineJson.Serialize(baseline));
        Assert.Equal(medians, reread.Runs.Select(r => r.MedianNs[0]));
        Assert.Equal("1.1", reread.SchemaVersion);
    }

    [Fact]
    public void A_method_whose_runs_moved_12_percent_is_not_called_changed_at_8_percent_and_the_reason_says_why()
    {
        var random = new Random(2);
        Baseline baseline = FiveRuns(random);
        SessionReport current = Session("edm", null, new Method(Fft, LogNormal(random, 1000, 106_000 * 1.08, sigma: 0.05)));

        // Judged against one run at the same centre, 8% slower is a regression at 5% …
        Baseline oneRun = Baseline.FromSession(Session("edm", null, new Method(Fft, LogNormal(random, 2000, 106_000, sigma: 0.05))));
        Assert.Equal(Verdict.Regressed, Time(RegressionDetector.Compare(oneRun, current)).Verdict);

        // … but not against runs that moved 12% among themselves.
        MetricComparison time = Time(RegressionDetector.Compare(baseline, current));
        Assert.NotEqual(Verdict.Regressed, time.Verdict);
        Assert.Contains("band widened from 5% to 1", time.Reason, StringComparison.Ordinal);
        Assert.Contains("the baseline's 5 runs had medians", time.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_well_beyond_the_spread_is_still_Regressed()
    {
        var random = new Random(3);
        Baseline baseline = FiveRuns(random);
        SessionReport current = Session("edm", null, new Method(Fft, LogNormal(random, 1000, 106_000 * 1.40, sigma: 0.05)));
        Assert.Equal(Verdict.Regressed, Time(RegressionDetector.Compare(baseline, current)).Verdict);
    }

    [Fact]
    public void A_baseline_from_before_format_1_1_still_loads_and_compares_without_widening()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "baseline-1.0.json");
        Baseline old = BaselineJson.ReadFile(path);
        Assert.All(old.Runs, r => Assert.Empty(r.MedianNs));
        ComparisonReport report = RegressionDetector.Compare(old, old);
        Assert.DoesNotContain(report.Methods.SelectMany(m => m.Metrics), m => m.Reason?.Contains("widened", StringComparison.Ordinal) == true);
    }
}
