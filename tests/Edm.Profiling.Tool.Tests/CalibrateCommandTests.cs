namespace Edm.Profiling.Tool.Tests;

/// <summary><c>edm-prof calibrate</c>: the probe's cost per call, median and range over runs.</summary>
public sealed class CalibrateCommandTests
{
    [Fact]
    public void Calibrate_prints_each_figure_with_its_median_and_range()
    {
        using var temp = new TempDirectory();
        EdmProfRun run = EdmProfRun.Start(temp.Path, "calibrate", "--runs", "2");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("figure", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Lightweight: whole call (in the caller)", StringComparison.Ordinal) && l.Contains(" ns", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("call counted by adaptive timing", StringComparison.Ordinal));
        Assert.Contains("2 calibrations of 15 batches × 128 calls; each figure is the median of its batches' differences", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_count_below_one_is_a_one_line_error()
    {
        using var temp = new TempDirectory();
        EdmProfRun.Start(temp.Path, "calibrate", "--runs", "0").AssertOneLineError(2, "--runs must be at least 1 (got 0)");
    }
}
