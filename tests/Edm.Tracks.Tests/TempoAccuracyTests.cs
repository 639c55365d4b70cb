using Edm.Tracks.Evaluation;

namespace Edm.Tracks.Tests;

public sealed class TempoAccuracyTests
{
    [Theory]
    [InlineData(124.8, 120, true)] // +4.0 %: the tolerance is inclusive
    [InlineData(124.9, 120, false)]
    [InlineData(115.2, 120, true)] // −4.0 %
    [InlineData(115.1, 120, false)]
    public void Accuracy1_is_a_relative_band_around_the_label(double estimate, double label, bool expected) =>
        Assert.Equal(expected, TempoAccuracy.IsAccuracy1(estimate, label, 0.04));

    [Theory]
    [InlineData(240, 120, 2.0)]
    [InlineData(360, 120, 3.0)]
    [InlineData(60, 120, 0.5)]
    [InlineData(40, 120, 1 / 3.0)]
    [InlineData(121, 120, 1.0)]
    [InlineData(180, 120, null)] // ×1.5 is not an accepted octave error
    [InlineData(80, 120, null)]
    [InlineData(250, 120, null)] // ×2 +4.2 %
    public void Accuracy2_accepts_the_mirex_factors_only(double estimate, double label, double? factor) =>
        Assert.Equal(factor, TempoAccuracy.MatchingFactor(estimate, label, 0.04));

    [Fact]
    public void Accuracy2_tolerance_scales_with_the_factor()
    {
        // 2 × 100 = 200; 4 % of 200 is 8, so 207.9 passes although it is 7.9 BPM off.
        Assert.True(TempoAccuracy.IsAccuracy2(207.9, 100, 0.04));
        Assert.False(TempoAccuracy.IsAccuracy2(208.1, 100, 0.04));
    }

    [Fact]
    public void Report_figures_match_a_hand_computed_case()
    {
        // label → estimate:          Acc1   Acc2
        // 120   → 123   (+2.5 %)      yes    yes
        // 100   → 200   (×2)          no     yes
        //  90   →  30   (×⅓)          no     yes
        // 174   → 182   (+4.6 %)      no     no
        // 140   → 140                 yes    yes
        // 128   → none                no     no
        // Acc1 = 2/6 = 33.3 %, Acc2 = 4/6 = 66.7 %.
        (double Label, double? Estimate)[] cases = [(120, 123), (100, 200), (90, 30), (174, 182), (140, 140), (128, null)];
        FileEvaluation[] files =
        [
            .. cases.Select((c, i) => new FileEvaluation(
                $"f{i}.wav",
                c.Label,
                c.Estimate,
                c.Estimate is { } e && TempoAccuracy.IsAccuracy1(e, c.Label, 0.04),
                c.Estimate is { } e2 ? TempoAccuracy.MatchingFactor(e2, c.Label, 0.04) : null)),
        ];

        var report = new EvaluationReport(0.04, files, []);

        Assert.Equal(2, report.Accuracy1Count);
        Assert.Equal(4, report.Accuracy2Count);
        Assert.Equal(2 / 6.0, report.Accuracy1, precision: 12);
        Assert.Equal(4 / 6.0, report.Accuracy2, precision: 12);
        Assert.Equal([true, true, true, false, true, false], files.Select(f => f.Accuracy2));
    }
}
