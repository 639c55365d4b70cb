using Xunit.Abstractions;
using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

public sealed class RegressionDetectorTests(ITestOutputHelper output)
{
    private const string Fft = "Edm.Tracks.Analyzer.Fft(float[])";

    private static MetricComparison Time(ComparisonReport report, string method = Fft) =>
        report.Methods.Single(m => m.Name == method).Metrics.Single(m => m.Metric == Metric.WallTime);

    private static ComparisonReport CompareScaled(int seed, double scale, int samples = 1000, double sigma = 0.1)
    {
        var random = new Random(seed);
        SessionReport baseline = Session("edm", null, new Method(Fft, LogNormal(random, samples, 10_000, sigma)));
        SessionReport current = Session("edm", null, new Method(Fft, LogNormal(random, samples, 10_000 * scale, sigma)));
        return RegressionDetector.Compare(baseline, current);
    }

    [Fact]
    public void Ten_percent_slower_is_Regressed_with_the_ratio_inside_its_interval()
    {
        MetricComparison time = Time(CompareScaled(seed: 11, scale: 1.10));
        Assert.Equal(Verdict.Regressed, time.Verdict);
        Assert.InRange(time.Ratio!.Value, 1.07, 1.13);
        Assert.InRange(time.Ratio!.Value, time.RatioLower!.Value, time.RatioUpper!.Value);
        Assert.True(time.RatioLower > 1.0, "a 10% step with 1,000 samples a side is resolved: the interval excludes 1");
    }

    [Fact]
    public void The_95_percent_interval_of_the_ratio_of_medians_covers_the_true_ratio_about_95_percent_of_the_time()
    {
        int covered = 0;
        const int Trials = 400;
        for (int trial = 0; trial < Trials; trial++)
        {
            MetricComparison time = Time(CompareScaled(seed: 5000 + trial, scale: 1.10, samples: 200, sigma: 0.3));
            covered += time.RatioLower <= 1.10 && 1.10 <= time.RatioUpper ? 1 : 0;
        }

        output.WriteLine($"coverage {covered} of {Trials}");
        // Binomial(400, 0.95) stays within 91%..98% with overwhelming probability; a wrong interval does not.
        Assert.InRange((double)covered / Trials, 0.91, 0.985);
    }

    [Fact]
    public void Samples_a_1_1_reader_cannot_see_in_a_packed_session_give_Unknown_time_not_a_false_verdict()
    {
        // A 1.1 reader reads packed samples as empty samples of the right population (docs/session-format.md, "samples").
        static SessionReport AsRead11(SessionReport s) => s with { Methods = [.. s.Methods.Select(m => m with { Samples = m.Samples! with { DurationsNs = [] } })] };
        var random = new Random(11);
        SessionReport baseline = Session("edm", null, new Method(Fft, LogNormal(random, 1000, 10_000)));
        SessionReport current = Session("edm", null, new Method(Fft, LogNormal(random, 1000, 11_000)));
        Assert.Equal(Verdict.Regressed, Time(RegressionDetector.Compare(baseline, current)).Verdict);

        MetricComparison time = Time(RegressionDetector.Compare(AsRead11(baseline), AsRead11(current)));
        Assert.Equal(Verdict.Unknown, time.Verdict);
        Assert.Contains("too few duration samples", time.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_percent_faster_is_Improved()
    {
        MetricComparison time = Time(CompareScaled(seed: 12, scale: 0.90));
        Assert.Equal(Verdict.Improved, time.Verdict);
        Assert.InRange(time.Ratio!.Value, 0.88, 0.92);
        Assert.True(time.RatioUpper < 1.0);
    }

    [Fact]
    public void Identical_samples_are_Unchanged_with_ratio_one()
    {
        long[] durations = LogNormal(new Random(13), 1000, 10_000);
        SessionReport run = Session("edm", null, new Method(Fft, durations, AllocatedBytes: 48_000));
        ComparisonReport report = RegressionDetector.Compare(run, run);
        MethodComparison method = Assert.Single(report.Methods);
        Assert.Equal(Verdict.Unchanged, method.Verdict);
        Assert.All(method.Metrics, m => Assert.Equal(Verdict.Unchanged, m.Verdict));
        Assert.Equal(1.0, Time(report).Ratio);
        Assert.False(report.Summary.HasRegression);
    }

    [Fact]
    public void A_same_distribution_run_is_Unchanged()
    {
        Assert.Equal(Verdict.Unchanged, Time(CompareScaled(seed: 14, scale: 1.0)).Verdict);
    }

    [Fact]
    public void Three_samples_give_Unknown_even_for_a_doubling_and_never_fail_the_build()
    {
        var random = new Random(15);
        SessionReport baseline = Session("edm", null, new Method(Fft, LogNormal(random, 3, 10_000)));
        SessionReport current = Session("edm", null, new Method(Fft, LogNormal(random, 3, 20_000)));
        ComparisonReport report = RegressionDetector.Compare(baseline, current);
        Assert.Equal(Verdict.Unknown, Time(report).Verdict);
        Assert.Contains("too few", Time(report).Reason, StringComparison.Ordinal);
        Assert.Equal(Verdict.Unknown, report.Methods[0].Verdict);
        Assert.False(report.Summary.HasRegression);
    }

    [Fact]
    public void Without_samples_time_is_Unknown()
    {
        SessionReport baseline = Session("edm", null, new Method(Fft, LogNormal(new Random(16), 50, 10_000)));
        SessionReport current = baseline with
        {
            Methods = [baseline.Methods[0] with { Samples = null }],
        };
        MetricComparison time = Time(RegressionDetector.Compare(baseline, current));
        Assert.Equal(Verdict.Unknown, time.Verdict);
        Assert.Contains("no duration samples in the current run", time.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_within_the_absolute_floor_is_Unchanged_however_large_relatively()
    {
        // 20 ns → 40 ns is ×2, but below the default floor (the 60 ns probe cost).
        long[] before = [.. Enumerable.Repeat(20L, 500)];
        long[] after = [.. Enumerable.Repeat(40L, 500)];
        ComparisonReport report = RegressionDetector.Compare(
            Session("edm", null, new Method(Fft, before)),
            Session("edm", null, new Method(Fft, after)));
        Assert.Equal(Verdict.Unchanged, Time(report).Verdict);
        Assert.Equal(2.0, Time(report).Ratio);

        ComparisonReport noFloor = RegressionDetector.Compare(
            Session("edm", null, new Method(Fft, before)),
            Session("edm", null, new Method(Fft, after)),
            new ComparisonOptions { ProbeCostNs = 0 });
        Assert.Equal(Verdict.Regressed, Time(noFloor).Verdict);
    }

    [Fact]
    public void A_change_below_the_relative_threshold_is_Unchanged_even_when_significant()
    {
        // 3% slower with tight spread and many samples: real, but below the 5% threshold.
        ComparisonReport report = CompareScaled(seed: 17, scale: 1.03, samples: 1000, sigma: 0.01);
        Assert.Equal(Verdict.Unchanged, Time(report).Verdict);
        Assert.Equal(Verdict.Regressed, Time(RegressionDetector.Compare(report.Baseline!, report.Current!, new ComparisonOptions { TimeThreshold = 0.01 })).Verdict);
    }

    [Fact]
    public void A_median_shift_the_rank_test_does_not_confirm_is_Unknown_not_Unchanged()
    {
        // Most current calls are far slower, but a fast minority keeps the ranks from rejecting at
        // 1%: the interval of the median ratio lies wholly above the band, so "Unchanged" would be false.
        long[] baseline = [.. Enumerable.Range(0, 12).Select(i => 1_000L + (i * 10))];
        long[] current = [.. Enumerable.Range(0, 5).Select(i => 900L + (i * 10)), .. Enumerable.Range(0, 7).Select(i => 1_500L + (i * 10))];
        MetricComparison time = Time(RegressionDetector.Compare(Session("edm", null, new Method(Fft, baseline)), Session("edm", null, new Method(Fft, current))));
        Assert.Equal(Verdict.Unknown, time.Verdict);
        Assert.True(time.RatioLower > 1.05, time.Reason);
        Assert.Contains("inconclusive", time.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_median_moved_past_the_band_by_a_confirmed_change_is_Unknown_not_Unchanged()
    {
        // The current median is 12% higher and the interval excludes "no change", but its lower end
        // sits inside the 5% band and a fast tail keeps the ranks from rejecting: not Unchanged.
        long[] baseline = [.. Enumerable.Range(0, 40).Select(i => 1_000L + (i * 10))];
        long[] current = [.. Enumerable.Range(0, 12).Select(i => 950L + (i * 5)), .. Enumerable.Range(0, 28).Select(i => 1_240L + (i * 10))];
        MetricComparison time = Time(RegressionDetector.Compare(Session("edm", null, new Method(Fft, baseline)), Session("edm", null, new Method(Fft, current))));
        Assert.True(time.RatioLower is > 1 and < 1.05, time.Reason);
        Assert.True(time.Ratio > 1.05, time.Reason);
        Assert.Equal(Verdict.Unknown, time.Verdict);
        Assert.Contains("the median moved", time.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log-normal")]
    [InlineData("bimodal")]
    public void False_alarm_rate_over_1000_same_distribution_trials_is_below_one_percent(string shape)
    {
        var random = new Random(shape == "bimodal" ? 1001 : 1000);
        long[] Draw(int n) => shape == "bimodal"
            ? Bimodal(random, n, fastNs: 2_000, slowNs: 9_000, slowShare: 0.3)
            : LogNormal(random, n, 5_000, sigma: 0.25);

        int alarms = 0, unknown = 0;
        const int Trials = 1000;
        for (int trial = 0; trial < Trials; trial++)
        {
            // Sample sizes from the minimum up to a full reservoir: small ones are where tests misbehave.
            int n = (trial % 4) switch { 0 => 10, 1 => 30, 2 => 200, _ => 1000 };
            ComparisonReport report = RegressionDetector.Compare(
                Session("edm", null, new Method(Fft, Draw(n))),
                Session("edm", null, new Method(Fft, Draw(n))));
            Verdict verdict = Time(report).Verdict;

            // Small samples may be inconclusive (Unknown, which never fails a build); a full
            // reservoir of the same distribution must be judged Unchanged.
            Assert.True(n < 1000 || verdict == Verdict.Unchanged, Time(report).Reason);
            unknown += verdict == Verdict.Unknown ? 1 : 0;
            alarms += verdict is Verdict.Regressed or Verdict.Improved ? 1 : 0;
        }

        double rate = (double)alarms / Trials;
        output.WriteLine($"{shape}: {alarms} false alarms, {unknown} inconclusive in {Trials} trials");
        Assert.True(rate < 0.01, $"false-alarm rate {rate:P1} ({alarms} of {Trials}) for {shape}");
    }

    [Fact]
    public void The_bimodal_shift_of_mode_weights_is_caught()
    {
        // Same modes, but the slow path now taken twice as often: the median moves, the test sees it.
        var random = new Random(18);
        ComparisonReport report = RegressionDetector.Compare(
            Session("edm", null, new Method(Fft, Bimodal(random, 1000, 2_000, 9_000, 0.3))),
            Session("edm", null, new Method(Fft, Bimodal(random, 1000, 2_000, 9_000, 0.6))));
        Assert.Equal(Verdict.Regressed, Time(report).Verdict);
    }

    [Fact]
    public void Any_change_of_calls_is_reported()
    {
        long[] durations = LogNormal(new Random(19), 100, 10_000);
        SessionReport baseline = Session("edm", null, new Method(Fft, durations, Calls: 1000));
        MetricComparison More(long calls) => RegressionDetector.Compare(baseline, Session("edm", null, new Method(Fft, durations, Calls: calls)))
            .Methods[0].Metrics.Single(m => m.Metric == Metric.Calls);

        Assert.Equal(Verdict.Regressed, More(1001).Verdict);
        Assert.Equal(Verdict.Improved, More(999).Verdict);
        Assert.Equal(Verdict.Unchanged, More(1000).Verdict);
        Assert.Equal(1.001, More(1001).Ratio!.Value, 6);
    }

    [Fact]
    public void Calls_are_compared_per_run_and_a_count_that_varies_between_baseline_runs_is_judged_by_its_range()
    {
        long[] durations = LogNormal(new Random(20), 100, 10_000);
        SessionReport Run(long calls, int minute) => Session("edm", null, DateTimeOffset.UnixEpoch.AddMinutes(minute), new Method(Fft, durations, Calls: calls));

        Baseline steady = Baseline.Merge("edm", [Run(100, 0), Run(100, 1), Run(100, 2)]);
        Assert.Equal(300, steady.Methods[0].Calls);
        MetricComparison same = RegressionDetector.Compare(steady, Run(100, 3)).Methods[0].Metrics.Single(m => m.Metric == Metric.Calls);
        Assert.Equal(Verdict.Unchanged, same.Verdict);
        Assert.Equal(100, same.Baseline);

        Baseline varying = Baseline.Merge("edm", [Run(98, 0), Run(103, 1), Run(100, 2)]);
        Verdict Judge(long calls) => RegressionDetector.Compare(varying, Run(calls, 3)).Methods[0].Metrics.Single(m => m.Metric == Metric.Calls).Verdict;
        Assert.Equal(Verdict.Unchanged, Judge(101));
        Assert.Equal(Verdict.Regressed, Judge(104));
        Assert.Equal(Verdict.Improved, Judge(97));
    }

    [Theory]
    [InlineData(1000, 1000, Verdict.Unchanged)] // same
    [InlineData(1000, 1009, Verdict.Unchanged)] // +0.9%: under 1%
    [InlineData(1000, 1011, Verdict.Regressed)] // +1.1%, and 11 B above the 8 B floor
    [InlineData(1000, 989, Verdict.Improved)]
    [InlineData(100, 107, Verdict.Unchanged)] // +7%, but 7 B is under the 8 B floor
    [InlineData(100, 109, Verdict.Regressed)] // +9% and 9 B
    [InlineData(0, 24, Verdict.Regressed)] // one new small object per call
    public void Allocated_bytes_per_call_are_a_hard_gate_above_one_percent_and_the_floor(long beforePerCall, long afterPerCall, Verdict expected)
    {
        long[] durations = LogNormal(new Random(21), 100, 10_000);
        const long Calls = 1000;
        ComparisonReport report = RegressionDetector.Compare(
            Session("edm", null, new Method(Fft, durations, Calls, beforePerCall * Calls)),
            Session("edm", null, new Method(Fft, durations, Calls, afterPerCall * Calls)));
        MetricComparison allocations = report.Methods[0].Metrics.Single(m => m.Metric == Metric.AllocatedBytesPerCall);
        Assert.Equal(expected, allocations.Verdict);
        Assert.Equal(beforePerCall, allocations.Baseline);
        Assert.Equal(afterPerCall, allocations.Current);
        Assert.Equal(expected, report.Methods[0].Verdict);
    }

    [Fact]
    public void Approximate_allocations_are_not_a_gate()
    {
        long[] durations = LogNormal(new Random(22), 100, 10_000);
        ComparisonReport report = RegressionDetector.Compare(
            Session("edm", null, new Method(Fft, durations, 100, 1_000)),
            Session("edm", null, new Method(Fft, durations, 100, 50_000, Approximate: true)));
        Assert.Equal(Verdict.Unknown, report.Methods[0].Metrics.Single(m => m.Metric == Metric.AllocatedBytesPerCall).Verdict);
        Assert.False(report.Summary.HasRegression);
    }

    [Theory]
    [InlineData("runtime")]
    [InlineData("configuration")]
    [InlineData("schema")]
    public void Runs_that_differ_in_what_makes_timings_comparable_are_Incomparable_never_Regressed(string difference)
    {
        var random = new Random(23);
        SessionReport baseline = Session("edm", null, new Method(Fft, LogNormal(random, 500, 10_000), AllocatedBytes: 100));
        EnvironmentInfo other = difference switch
        {
            "runtime" => Environment(runtime: "11.0.0"),
            "configuration" => Environment(configuration: "Debug"),
            _ => Environment(),
        };
        SessionReport current = Session("edm", other, new Method(Fft, LogNormal(random, 500, 30_000), AllocatedBytes: 10_000));
        if (difference == "schema")
        {
            current = current with { SchemaVersion = "2.0" };
        }

        ComparisonReport report = RegressionDetector.Compare(baseline, current);
        Assert.NotNull(report.IncomparableReason);
        Assert.Contains(difference == "configuration" ? "build configuration" : difference, report.IncomparableReason, StringComparison.Ordinal);
        Assert.All(report.Methods, m => Assert.Equal(Verdict.Incomparable, m.Verdict));
        Assert.False(report.Summary.HasRegression);
        Assert.Equal(1, report.Summary.Counts[Verdict.Incomparable]);
    }

    [Fact]
    public void A_patch_release_of_the_same_runtime_major_is_comparable_but_its_time_is_not_judged_unless_allowed()
    {
        var random = new Random(24);
        SessionReport baseline = Session("edm", Environment(runtime: "10.0.1"), new Method(Fft, LogNormal(random, 100, 10_000)));
        SessionReport current = Session("edm", Environment(runtime: "10.0.7"), new Method(Fft, LogNormal(random, 100, 20_000)));
        ComparisonReport report = RegressionDetector.Compare(baseline, current);
        Assert.Null(report.IncomparableReason);
        Assert.Contains("runtime version (10.0.1 vs 10.0.7)", Assert.Single(report.Warnings), StringComparison.Ordinal);
        Assert.Equal(Verdict.Unknown, Time(report).Verdict);

        ComparisonReport allowed = RegressionDetector.Compare(baseline, current, new ComparisonOptions { AllowOtherMachine = true });
        Assert.Equal(Verdict.Regressed, Time(allowed).Verdict);
        Assert.Contains("judged anyway", Assert.Single(allowed.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_machine_is_flagged_and_gives_time_Unknown_while_calls_and_allocations_are_still_judged()
    {
        var random = new Random(23);
        SessionReport baseline = Session("edm", null, new Method(Fft, LogNormal(random, 500, 10_000), AllocatedBytes: 100));
        SessionReport faster = Session("edm", Environment(fingerprint: "0ther"), new Method(Fft, LogNormal(random, 500, 5_000), AllocatedBytes: 100));
        ComparisonReport report = RegressionDetector.Compare(baseline, faster);
        Assert.Null(report.IncomparableReason);
        string warning = Assert.Single(report.Warnings);
        Assert.Contains("recorded on another machine (fingerprint f1n9e7", warning, StringComparison.Ordinal);
        Assert.Contains("Synthetic CPU @ 3.0GHz, 2 cores, Linux 6.8", warning, StringComparison.Ordinal);
        Assert.Equal(Verdict.Unknown, Time(report).Verdict);
        Assert.Equal(Verdict.Unknown, report.Methods[0].Verdict);
        Assert.Equal(Verdict.Unchanged, report.Methods[0].Metrics.Single(m => m.Metric == Metric.AllocatedBytesPerCall).Verdict);

        // Deterministic figures are the code's on any machine: more bytes per call is a regression anyway.
        SessionReport allocates = Session("edm", Environment(fingerprint: "0ther"), new Method(Fft, LogNormal(random, 500, 10_000), AllocatedBytes: 10_000));
        Assert.Equal(Verdict.Regressed, RegressionDetector.Compare(baseline, allocates).Methods[0].Verdict);

        ComparisonReport allowed = RegressionDetector.Compare(baseline, faster, new ComparisonOptions { AllowOtherMachine = true });
        Assert.Equal(Verdict.Improved, Time(allowed).Verdict);
    }

    [Fact]
    public void New_and_missing_methods_and_the_summary_with_geometric_means()
    {
        var random = new Random(25);
        SessionReport baseline = Session("edm", null,
            new Method("A", LogNormal(random, 1000, 10_000)),
            new Method("B", LogNormal(random, 1000, 10_000)),
            new Method("C", LogNormal(random, 1000, 10_000)),
            new Method("Gone", LogNormal(random, 100, 10_000)));
        SessionReport current = Session("edm", null,
            new Method("A", LogNormal(random, 1000, 12_000)),
            new Method("B", LogNormal(random, 1000, 13_500)),
            new Method("C", LogNormal(random, 1000, 8_000)),
            new Method("Fresh", LogNormal(random, 100, 10_000)));
        ComparisonReport report = RegressionDetector.Compare(baseline, current);

        Assert.Equal(["A", "B", "C", "Fresh", "Gone"], report.Methods.Select(m => m.Name));
        Assert.Equal(Verdict.New, report.Methods.Single(m => m.Name == "Fresh").Verdict);
        Assert.Equal(Verdict.Missing, report.Methods.Single(m => m.Name == "Gone").Verdict);
        Assert.Equal(2, report.Summary.Counts[Verdict.Regressed]);
        Assert.Equal(1, report.Summary.Counts[Verdict.Improved]);
        Assert.Equal(1, report.Summary.Counts[Verdict.New]);
        Assert.Equal(1, report.Summary.Counts[Verdict.Missing]);
        Assert.True(report.Summary.HasRegression);

        double expected = Math.Sqrt(Time(report, "A").Ratio!.Value * Time(report, "B").Ratio!.Value);
        Assert.Equal(expected, report.Summary.GeometricMeanRegressedRatio!.Value, 9);
        Assert.InRange(report.Summary.GeometricMeanRegressedRatio!.Value, 1.24, 1.30); // √(1.2 × 1.35) ≈ 1.273
        Assert.Equal(Time(report, "C").Ratio, report.Summary.GeometricMeanImprovedRatio);
    }

    [Fact]
    public void Options_out_of_range_are_a_user_error()
    {
        SessionReport run = Session("edm", null, new Method(Fft, [1, 2, 3]));
        var e = Assert.Throws<AnalysisException>(() => RegressionDetector.Compare(run, run, new ComparisonOptions { TimeThreshold = -0.1 }));
        Assert.Contains("threshold", e.Message, StringComparison.Ordinal);
    }
}
