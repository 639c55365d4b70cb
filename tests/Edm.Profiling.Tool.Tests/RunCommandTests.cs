using System.Text.Json;
using System.Text.RegularExpressions;

namespace Edm.Profiling.Tool.Tests;

/// <summary><c>edm-prof run</c> on real programs: the QuickStart sample and the test program.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public void Run_profiles_QuickStart_leaves_its_output_alone_and_writes_the_session_and_reports_beside_it()
    {
        using var temp = new TempDirectory();
        EdmProfRun run = EdmProfRun.Start(temp.Path, "run", "--timeline", "--format", "html", "--format", "folded,speedscope", "--", "dotnet", Programs.QuickStart);

        Assert.True(run.ExitCode == 0, run.Error);

        // Standard output is exactly the program's; the report went to standard error.
        Assert.Equal($"There are 148933 primes below two million (precision=high).{Environment.NewLine}", run.Output);
        Assert.Contains("Session 'QuickStart'", run.Error, StringComparison.Ordinal);
        Assert.Contains("QuickStart.sieve", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Error, StringComparison.Ordinal);

        // The default folder is .edm in the current one; nothing else is left there, not even the pending file.
        string folder = Path.Combine(temp.Path, ".edm");
        string session = Assert.Single(Directory.GetFiles(folder, "*.json"), f => !f.EndsWith(".speedscope.json", StringComparison.Ordinal));
        string stem = Path.GetFileNameWithoutExtension(session);
        Assert.Matches(SessionFileName(), stem);
        Assert.Equal(
            new[] { stem + ".folded", stem + ".html", stem + ".json", stem + ".speedscope.json" },
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains($"session: {Path.Combine(".edm", stem + ".json")}", run.Error, StringComparison.Ordinal);
        Assert.Contains($"wrote {Path.Combine(".edm", stem + ".html")}", run.Error, StringComparison.Ordinal);

        // The scopes are in the session (no generator needed for them), with the options edm-prof set.
        SessionReport report = SessionJson.ReadFile(session);
        Assert.Equal("QuickStart", report.Name);
        Assert.Equal(1, report.FindMethod("QuickStart.sieve")!.Calls);
        Assert.Equal(1, report.FindMethod("QuickStart.report")!.Calls);
        Assert.True(report.Settings.RecordTimeline);
        Assert.NotNull(report.Timeline);
        Assert.Equal(1000, report.Settings.SampleReservoirSize);
        Assert.Equal(Layer.Detailed, report.Settings.MaxLayer);

        Assert.Contains(File.ReadAllLines(Path.Combine(folder, stem + ".folded")), line => FoldedSieve().IsMatch(line));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(folder, stem + ".html")), StringComparison.OrdinalIgnoreCase);
        using JsonDocument speedscope = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, stem + ".speedscope.json")));
        Assert.Equal("https://www.speedscope.app/file-format-schema.json", speedscope.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Input_output_error_and_exit_code_pass_through_and_a_second_run_never_replaces_the_first()
    {
        using var temp = new TempDirectory();
        string[] arguments = ["run", "--out", "out", "--layer", "lightweight", "--name", "my run", "--reservoir", "7", "--quiet", "--format", "json", "--",
            "dotnet", Programs.TestProgram, "--echo-stdin", "--stderr", "note from the program", "--scopes", "3", "--exit", "3"];
        string input = "first line\nsecond line, no end";

        EdmProfRun first = EdmProfRun.StartWithInput(temp.Path, input, arguments);
        EdmProfRun second = EdmProfRun.StartWithInput(temp.Path, input, arguments);

        foreach (EdmProfRun run in new[] { first, second })
        {
            Assert.Equal(3, run.ExitCode);
            Assert.Equal(input, run.Output);
            Assert.Equal("note from the program", run.ErrorLines[0]);

            // --quiet: only the file written, no report; --format json is the session itself.
            Assert.Equal(2, run.ErrorLines.Length);
            Assert.StartsWith($"session: {Path.Combine("out", "my-run-")}", run.ErrorLines[1], StringComparison.Ordinal);
        }

        string[] sessions = Directory.GetFiles(Path.Combine(temp.Path, "out"));
        Assert.Equal(2, sessions.Length);
        Assert.NotEqual(first.ErrorLines[1], second.ErrorLines[1]);
        foreach (string file in sessions)
        {
            SessionReport report = SessionJson.ReadFile(file);
            Assert.Equal("my run", report.Name);
            Assert.Equal(Layer.Lightweight, report.Settings.MaxLayer);
            Assert.Equal(7, report.Settings.SampleReservoirSize);
            Assert.Equal(3, report.FindMethod("TestProgram.step")!.Calls);
            Assert.False(report.Settings.RecordTimeline);
        }
    }

    [Fact]
    public void A_program_that_records_nothing_leaves_no_session_says_how_to_enable_profiling_and_keeps_its_exit_code()
    {
        using var temp = new TempDirectory();
        EdmProfRun success = EdmProfRun.Start(temp.Path, "run", "--format", "html", "--", "dotnet", Programs.TestProgram);
        EdmProfRun failure = EdmProfRun.Start(temp.Path, "run", "--", "dotnet", Programs.TestProgram, "--exit", "4");

        success.AssertOneLineError(0, "no session");
        Assert.Contains("-p:EdmProfiling=true", success.Error, StringComparison.Ordinal);
        failure.AssertOneLineError(4, "no session");
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, ".edm"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Bad_options_are_refused_before_the_program_runs()
    {
        using var temp = new TempDirectory();
        string notAFolder = temp.File("taken");
        File.WriteAllText(notAFolder, "keep me");
        string[] program = ["--", "dotnet", Programs.TestProgram, "--stderr", "the program ran"];

        EdmProfRun fileAsFolder = EdmProfRun.Start(temp.Path, ["run", "--out", notAFolder, .. program]);
        fileAsFolder.AssertOneLineError(2, "taken: is a file; --out takes a folder");
        Assert.Equal("keep me", File.ReadAllText(notAFolder));

        EdmProfRun format = EdmProfRun.Start(temp.Path, ["run", "--format", "html,pdf", .. program]);
        format.AssertOneLineError(2, "'pdf' is not a report format");

        EdmProfRun layer = EdmProfRun.Start(temp.Path, ["run", "--layer", "fast", .. program]);
        layer.AssertOneLineError(2, "'fast' is not a layer");

        EdmProfRun reservoir = EdmProfRun.Start(temp.Path, ["run", "--reservoir", "-5", .. program]);
        Assert.Equal(2, reservoir.ExitCode);
        Assert.Single(reservoir.ErrorLines);

        EdmProfRun nothing = EdmProfRun.Start(temp.Path, "run");
        nothing.AssertOneLineError(2, "edm-prof run --help");

        EdmProfRun missing = EdmProfRun.Start(temp.Path, "run", "--", "edm-prof-tests-no-such-program");
        missing.AssertOneLineError(127, "cannot run 'edm-prof-tests-no-such-program': no such program");

        Assert.False(Directory.Exists(Path.Combine(temp.Path, ".edm")) && Directory.EnumerateFiles(Path.Combine(temp.Path, ".edm")).Any());
    }

    [Fact]
    public void A_SIGTERM_to_edm_prof_is_passed_to_the_program_which_still_leaves_its_session()
    {
        // POSIX signals: nothing to relay on Windows.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempDirectory();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = temp.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { Programs.EdmProf, "run", "--", "dotnet", Programs.TestProgram, "--scopes", "2", "--stderr", "ready", "--echo-stdin" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("EDM_PROFILING");
        using var edmProf = System.Diagnostics.Process.Start(start)!;

        // The program has recorded its scopes and now waits on its input, which stays open.
        Assert.Equal("ready", edmProf.StandardError.ReadLine());
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", edmProf.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            kill.WaitForExit();
        }

        string error = edmProf.StandardError.ReadToEnd();
        Assert.True(edmProf.WaitForExit(TimeSpan.FromMinutes(1)), "edm-prof did not exit after SIGTERM");

        // edm-prof outlived the signal: the program got it and ended with 128 + 15, and the runtime
        // wrote a snapshot of its session when the signal came, which edm-prof reports.
        Assert.Equal(128 + 15, edmProf.ExitCode);
        Assert.Contains("TestProgram.step", error, StringComparison.Ordinal);
        string session = Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, ".edm"), "*.json"));
        SessionReport report = SessionJson.ReadFile(session);
        Assert.Equal(2, report.FindMethod("TestProgram.step")!.Calls);
        Assert.Contains(report.Warnings, w => w.Contains("SIGTERM", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^QuickStart-\d{8}-\d{6}$")]
    private static partial Regex SessionFileName();

    [GeneratedRegex(@"^QuickStart\.sieve \d+$")]
    private static partial Regex FoldedSieve();
}
