using System.Text.Json;
using Edm.Profiling.CommandLine.Tests.Support;

namespace Edm.Profiling.CommandLine.Tests;

/// <summary>
/// <c>--profile-baseline</c> and <c>--profile-fail-on-regression</c>. Baselines come from real runs of
/// the test app; slower runs sleep 3 ms a step against microseconds, so the verdicts do not hang on
/// timing noise.
/// </summary>
public sealed class ComparisonTests
{
    private const string Steps = "12"; // above the 10 samples a time verdict needs

    [Fact]
    public void A_run_faster_than_its_baseline_prints_no_regression_and_keeps_exit_code_0()
    {
        using var folder = new TempDirectory();
        string baseline = Record(folder, "slow.json", delayMs: 3);

        CliRun run = Profiled.Run(folder, "work", "--count", Steps, "--profile-out", folder.File("now.json"),
            "--profile-baseline", baseline, "--profile-fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        string verdict = Assert.Single(run.ProfilingLines, l => l.Contains("verdict", StringComparison.Ordinal));
        Assert.StartsWith($"profiling: verdict: no regression against {baseline} (", verdict, StringComparison.Ordinal);
        Assert.Contains("improved", verdict, StringComparison.Ordinal);
        Assert.Contains("IMPROVED", run.Error, StringComparison.Ordinal); // the comparison table
    }

    [Fact]
    public void A_deliberately_slower_run_regresses_and_fails_with_exit_code_3()
    {
        using var folder = new TempDirectory();
        string baseline = Record(folder, "fast.json", delayMs: 0);
        string comparison = folder.File("slow.comparison.json");

        CliRun run = Profiled.Run(folder, "work", "--count", Steps, "--delay-ms", "3", "--profile-out", folder.File("slow.json"),
            "--profile-format", "json", "--profile-baseline", baseline, "--profile-fail-on-regression");

        Assert.Equal(ProfilingExitCodes.Regression, run.ExitCode);
        Assert.Contains("work done", run.Output, StringComparison.Ordinal);
        string verdict = Assert.Single(run.ProfilingLines, l => l.Contains("verdict", StringComparison.Ordinal));
        Assert.StartsWith($"profiling: verdict: REGRESSED against {baseline} (", verdict, StringComparison.Ordinal);
        Assert.EndsWith("; exit code 3", verdict, StringComparison.Ordinal);
        Assert.Contains($"REGRESSED {TestApp.StepProbe}", run.Error, StringComparison.Ordinal);
        string json = File.ReadAllText(comparison);
        Assert.Contains("\"hasRegression\": true", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_fail_on_regression_a_regression_is_printed_and_the_exit_code_kept()
    {
        using var folder = new TempDirectory();
        string baseline = Record(folder, "fast.json", delayMs: 0);

        CliRun run = Profiled.Run(folder, "work", "--count", Steps, "--delay-ms", "3", "--profile-out", folder.File("slow.json"),
            "--profile-baseline", baseline);

        Assert.Equal(0, run.ExitCode);
        string verdict = Assert.Single(run.ProfilingLines, l => l.Contains("verdict", StringComparison.Ordinal));
        Assert.StartsWith("profiling: verdict: REGRESSED", verdict, StringComparison.Ordinal);
        Assert.DoesNotContain("exit code", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_command_keeps_its_own_exit_code_over_a_regression()
    {
        using var folder = new TempDirectory();
        string baseline = Record(folder, "fast.json", delayMs: 0);

        CliRun run = Profiled.Run(folder, "work", "--count", Steps, "--delay-ms", "3", "--exit-code", "1",
            "--profile-out", folder.File("slow.json"), "--profile-baseline", baseline, "--profile-fail-on-regression");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.ProfilingLines, l => l.StartsWith("profiling: verdict: REGRESSED", StringComparison.Ordinal));
    }

    [Fact]
    public void More_calls_than_the_baseline_regress_whatever_the_timing()
    {
        using var folder = new TempDirectory();
        string baseline = Record(folder, "twelve.json", delayMs: 0);

        CliRun run = Profiled.Run(folder, "work", "--count", "13", "--profile-out", folder.File("thirteen.json"), "--profile-format", "json",
            "--profile-baseline", baseline, "--profile-fail-on-regression");

        Assert.Equal(ProfilingExitCodes.Regression, run.ExitCode);
        using JsonDocument comparison = JsonDocument.Parse(File.ReadAllText(folder.File("thirteen.comparison.json")));
        foreach (string name in new[] { TestApp.StepScope, TestApp.StepProbe })
        {
            JsonElement method = comparison.RootElement.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
            Assert.Equal("Regressed", method.GetProperty("verdict").GetString());
            JsonElement calls = method.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "Calls");
            Assert.Equal("Regressed", calls.GetProperty("verdict").GetString());
            Assert.Equal(12, calls.GetProperty("baseline").GetDouble());
            Assert.Equal(13, calls.GetProperty("current").GetDouble());
        }
    }

    [Fact]
    public void A_baseline_from_another_machine_is_flagged_and_its_time_never_fails_the_run()
    {
        using var folder = new TempDirectory();
        string recorded = Record(folder, "fast.json", delayMs: 0);
        string elsewhere = Profiled.ElsewhereBaseline(recorded, folder.File("elsewhere.json"));

        // Far slower than the baseline, but on "another machine": time is not judged, calls are (and match).
        CliRun run = Profiled.Run(folder, "work", "--count", Steps, "--delay-ms", "3", "--profile-out", folder.File("slow.json"),
            "--profile-baseline", elsewhere, "--profile-fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        string warning = Assert.Single(run.ProfilingLines, l => l.StartsWith("profiling: WARNING: ", StringComparison.Ordinal));
        Assert.Contains("recorded on another machine (fingerprint 0000000000000000: Another CPU", warning, StringComparison.Ordinal);
        Assert.Contains("time is not judged (Unknown)", warning, StringComparison.Ordinal);
        string verdict = Assert.Single(run.ProfilingLines, l => l.Contains("verdict", StringComparison.Ordinal));
        Assert.StartsWith($"profiling: verdict: no regression against {elsewhere} (", verdict, StringComparison.Ordinal);
        Assert.Contains("unknown", verdict, StringComparison.Ordinal);
        Assert.DoesNotContain("REGRESSED", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_file_in_the_baseline_format_is_read_too()
    {
        using var folder = new TempDirectory();
        string session = Record(folder, "slow.json", delayMs: 3);
        string baseline = folder.File("baseline.json");
        Analysis.BaselineJson.WriteFile(Analysis.Baseline.FromSession(Profiled.Session(session), "test-work"), baseline);

        CliRun run = Profiled.Run(folder, "work", "--count", Steps, "--profile-out", folder.File("now.json"),
            "--profile-baseline", baseline, "--profile-fail-on-regression");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.ProfilingLines, l => l.StartsWith($"profiling: verdict: no regression against {baseline}", StringComparison.Ordinal));
    }

    private static string Record(TempDirectory folder, string name, int delayMs)
    {
        string path = folder.File(name);
        CliRun run = Profiled.Run(folder, "work", "--count", Steps, "--delay-ms", delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--profile-out", path);
        Assert.Equal(0, run.ExitCode);
        return path;
    }
}
