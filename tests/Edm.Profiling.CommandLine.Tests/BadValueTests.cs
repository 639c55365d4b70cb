using Edm.Profiling.CommandLine.Tests.Support;

namespace Edm.Profiling.CommandLine.Tests;

/// <summary>A bad profiling value: one line on standard error, exit code 2, the command not run, nothing written.</summary>
public sealed class BadValueTests
{
    [Fact]
    public void An_unknown_format()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--profile-out", folder.File("s.json"), "--profile-format", "html", "--profile-format", "xml");

        AssertRefused(run, folder, "profiling: --profile-format: 'xml' is not a report format; use console, json, md, html, speedscope, chrome, folded, pprof");
    }

    [Fact]
    public void An_unknown_backend()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--profile-backends", "cpu-sampling,gpu");

        AssertRefused(run, folder, "profiling: --profile-backends: 'gpu' is not a backend; use probes, io, allocation-sampling, cpu-sampling, gc");
    }

    [Theory]
    [InlineData("often")]
    [InlineData("0s")]
    public void A_flush_interval_that_is_not_a_positive_duration(string value)
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--profile-flush-interval", value);

        AssertRefused(run, folder, $"profiling: --profile-flush-interval: '{value}' is not a positive duration; use e.g. 30s, 5m or 00:00:30");
    }

    [Fact]
    public void A_negative_file_cap()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--profile-flush-interval", "1h", "--profile-max-files", "-1");

        AssertRefused(run, folder, "profiling: --profile-max-files: -1 is negative; use a count, or 0 to keep every interval file");
    }

    [Fact]
    public void A_missing_baseline_file()
    {
        using var folder = new TempDirectory();
        string missing = folder.File("missing.json");

        CliRun run = Profiled.Run(folder, "work", "--profile-baseline", missing);

        AssertRefused(run, folder, $"profiling: {missing}: file not found");
    }

    [Fact]
    public void A_malformed_baseline_file()
    {
        using var folder = new TempDirectory();
        string baseline = folder.File("bad.json");
        File.WriteAllText(baseline, "{ \"schemaVersion\": \"1.0\", \"name\": ");

        CliRun run = Profiled.Run(folder, "work", "--profile", "--profile-baseline", baseline);

        string line = Assert.Single(CliRun.Lines(run.Error));
        Assert.StartsWith($"profiling: {baseline}", line, StringComparison.Ordinal);
        Assert.Equal(ProfilingExitCodes.ProfilingError, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal([baseline], folder.Files()); // untouched, nothing else written
        Assert.Equal("{ \"schemaVersion\": \"1.0\", \"name\": ", File.ReadAllText(baseline));
    }

    [Fact]
    public void Fail_on_regression_without_a_baseline()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--profile", "--profile-fail-on-regression");

        AssertRefused(run, folder, "profiling: --profile-fail-on-regression needs --profile-baseline <file> to compare with");
    }

    [Fact]
    public void An_empty_output_path()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--profile-out", " ");

        AssertRefused(run, folder, "profiling: --profile-out: the path is empty");
    }

    [Fact]
    public void A_session_path_that_cannot_be_written_is_reported_after_the_command_ran()
    {
        using var folder = new TempDirectory();
        string blocker = folder.File("blocker");
        File.WriteAllText(blocker, "a file where a folder should be");
        string path = Path.Combine(blocker, "s.json");

        CliRun run = Profiled.Run(folder, "work", "--profile-out", path);

        Assert.Equal(ProfilingExitCodes.ProfilingError, run.ExitCode);
        Assert.Contains("work done", run.Output, StringComparison.Ordinal);
        string line = Assert.Single(run.ProfilingLines);
        Assert.StartsWith($"profiling: {path}: cannot write the file", line, StringComparison.Ordinal);
        Assert.Equal([blocker], folder.Files());
    }

    private static void AssertRefused(CliRun run, TempDirectory folder, string expectedLine)
    {
        Assert.Equal(ProfilingExitCodes.ProfilingError, run.ExitCode);
        Assert.Equal([expectedLine], CliRun.Lines(run.Error));
        Assert.Equal(string.Empty, run.Output); // the command did not run
        Assert.Empty(folder.Files());
    }
}
