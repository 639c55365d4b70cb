using System.Diagnostics;

namespace Edm.Profiling.Tests;

/// <summary>Runs the QuickStart sample as a real process, the way edm-prof profiles programs.</summary>
public sealed class ProcessModeTests
{
    private static string QuickStartDll
    {
        get
        {
            // tests/Edm.Profiling.Tests/bin/<config>/net10.0 → samples/QuickStart/bin/<config>/net10.0
            string baseDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            string framework = Path.GetFileName(baseDir);
            string configuration = Path.GetFileName(Path.GetDirectoryName(baseDir)!);
            string root = Path.GetFullPath(Path.Combine(baseDir, "..", "..", "..", "..", ".."));
            return Path.Combine(root, "samples", "QuickStart", "bin", configuration, framework, "QuickStart.dll");
        }
    }

    [Fact]
    public void With_EDM_PROFILING_OUTPUT_a_process_session_is_written_at_exit()
    {
        string directory = Directory.CreateTempSubdirectory("edm-process-").FullName;
        try
        {
            (int exitCode, string output, _) = Run(new() { ["EDM_PROFILING_OUTPUT"] = directory });
            Assert.Equal(0, exitCode);
            Assert.Contains("primes below two million", output, StringComparison.Ordinal);
            string file = Assert.Single(Directory.GetFiles(directory, "*.json"));
            SessionReport report = SessionJson.ReadFile(file);
            Assert.Equal("QuickStart", report.Name);
            Assert.Equal(1, report.FindMethod("QuickStart.sieve")!.Calls);
            Assert.Equal(1000, report.Settings.SampleReservoirSize);
            Assert.Equal("QuickStart", report.Environment.EntryAssembly);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_output_path_ending_in_json_is_the_file_itself()
    {
        string directory = Directory.CreateTempSubdirectory("edm-process-").FullName;
        string file = Path.Combine(directory, "nested", "run.json");
        try
        {
            (int exitCode, _, _) = Run(new() { ["EDM_PROFILING_OUTPUT"] = file, ["EDM_PROFILING_SESSION_NAME"] = "named run" });
            Assert.Equal(0, exitCode);
            Assert.Equal("named run", SessionJson.ReadFile(file).Name);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void With_a_flush_interval_the_process_writes_interval_sessions_the_last_at_exit()
    {
        using var directory = new TempDirectory();
        (int exitCode, _, _) = Run(new() { ["EDM_PROFILING_OUTPUT"] = directory.File("service.json"), ["EDM_PROFILING_FLUSH_INTERVAL"] = "1h" });
        Assert.Equal(0, exitCode);
        string file = Assert.Single(directory.Files());
        Assert.Equal("service-000001.json", Path.GetFileName(file));
        SessionReport report = SessionJson.ReadFile(file);
        Assert.Equal((1, true), (report.Interval!.Index, report.Interval.Last));
        Assert.Equal(1, report.FindMethod("QuickStart.sieve")!.Calls);
    }

    [Fact]
    public void A_nonsense_flush_interval_is_a_warning_in_the_session_written_at_exit()
    {
        using var directory = new TempDirectory();
        (int exitCode, _, string error) = Run(new() { ["EDM_PROFILING_OUTPUT"] = directory.File("run.json"), ["EDM_PROFILING_FLUSH_INTERVAL"] = "often" });
        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        SessionReport report = SessionJson.ReadFile(directory.File("run.json"));
        Assert.Null(report.Interval);
        Assert.Contains(report.Warnings, w => w.StartsWith("EDM_PROFILING_FLUSH_INTERVAL='often' is not a duration", StringComparison.Ordinal));
    }

    [Fact]
    public void EDM_PROFILING_0_switches_probes_off_and_the_report_says_so()
    {
        (int exitCode, string output, _) = Run(new() { ["EDM_PROFILING"] = "0" });
        Assert.Equal(0, exitCode);
        Assert.Contains("0 profiled methods called", output, StringComparison.Ordinal);
        Assert.Contains("warning: Profiling is disabled", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_switch_the_program_runs_its_own_session_and_prints_a_summary()
    {
        (int exitCode, string output, _) = Run([]);
        Assert.Equal(0, exitCode);
        Assert.Contains("Session 'quickstart'", output, StringComparison.Ordinal);
        Assert.Contains("QuickStart.sieve", output, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_VSTest_test_host_the_process_session_is_named_after_the_test_project()
    {
        // These tests run in VSTest's testhost, started with this project's deps file.
        Assert.True(ProcessSession.IsVsTestHost());
        Assert.Equal("Edm.Profiling.Tests", ProcessSession.TestProjectName());
    }

    private static (int ExitCode, string Output, string Error) Run(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(QuickStartDll);
        foreach (string name in new[] { "EDM_PROFILING", "EDM_PROFILING_OUTPUT", "EDM_PROFILING_LAYER", "EDM_PROFILING_SESSION_NAME", "EDM_PROFILING_FLUSH_INTERVAL", "EDM_PROFILING_MAX_FILES" })
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
