using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.CommandLine.Running;
using Edm.Profiling.CommandLine.Tests.Support;

namespace Edm.Profiling.CommandLine.Tests;

/// <summary><c>--profile</c> and <c>profile &lt;command&gt;</c> on a small app, run in this process.</summary>
public sealed class ProfileOptionTests
{
    [Fact]
    public void Profile_writes_a_session_naming_the_scopes_and_probes_with_their_counts_after_the_command_output()
    {
        using var folder = new TempDirectory();
        string path = folder.File("s.json");

        CliRun run = Profiled.Run(folder, "work", "--count", "7", "--profile", "--profile-out", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("work done: 7 steps, label (none)", run.Output.Trim());
        SessionReport session = Profiled.Session(path);
        Assert.EndsWith(" work", session.Name, StringComparison.Ordinal);
        Assert.Equal(1, session.Calls(TestApp.WorkScope));
        Assert.Equal(7, session.Calls(TestApp.StepScope));
        Assert.Equal(7, session.Calls(TestApp.StepProbe));
        Assert.Equal(1000, session.Settings.SampleReservoirSize);
        Assert.Equal(7, session.FindMethod(TestApp.StepProbe)!.Samples!.DurationsNs.Count);
        Assert.False(session.Settings.RecordTimeline);

        // The step probe runs inside the step scope, inside the work scope.
        CallTreeNode work = Assert.Single(session.CallTree, n => session.FindProbe(n.ProbeId)!.Name == TestApp.WorkScope && n.ParentId is null);
        CallTreeNode step = Assert.Single(session.CallTree, n => n.ParentId == work.Id);
        Assert.Equal(TestApp.StepScope, session.FindProbe(step.ProbeId)!.Name);
        CallTreeNode probe = Assert.Single(session.CallTree, n => n.ParentId == step.Id);
        Assert.Equal(TestApp.StepProbe, session.FindProbe(probe.ProbeId)!.Name);
        Assert.Equal(7, probe.Calls);

        // The report follows the command's output; this build has probes, so no notice.
        int outputAt = run.Text.IndexOf("work done", StringComparison.Ordinal);
        int reportAt = run.Text.IndexOf("Session '", StringComparison.Ordinal);
        Assert.True(outputAt >= 0 && reportAt > outputAt, run.Text);
        Assert.Contains("Workload.Step(int, int)", run.Error, StringComparison.Ordinal); // the table keeps the end of long names
        Assert.Equal([$"profiling: session written to {path}"], run.ProfilingLines);
    }

    [Fact]
    public void Profile_backends_cpu_sampling_samples_the_command_in_process_and_reports_the_samples()
    {
        using var folder = new TempDirectory();
        string path = folder.File("sampled.json");

        CliRun run = Profiled.Run(folder, "work", "--count", "3", "--profile-backends", "cpu-sampling", "--profile-out", path);

        Assert.Equal(0, run.ExitCode);
        SessionReport session = Profiled.Session(path);
        Assert.Equal([new BackendStatus { Name = "cpu-sampling", Ran = true }], session.Backends!);
        Assert.Equal("in-process", session.CpuSamples!.Mode);
        Assert.Equal(3, session.Calls(TestApp.StepProbe)); // --profile-backends implies --profile
        Assert.Contains("CPU samples: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_profile_no_session_is_written_and_the_command_runs_as_before()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--count", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("work done: 3 steps, label (none)", run.Output.Trim());
        Assert.Equal(string.Empty, run.Error);
        Assert.Empty(folder.Files());
        Assert.Null(Profiler.ActiveSession);
    }

    [Fact]
    public void Profile_alone_writes_a_new_file_in_the_default_folder_per_run()
    {
        using var folder = new TempDirectory();

        CliRun first = Profiled.Run(folder, "work", "--profile", "--count", "2");
        CliRun second = Profiled.Run(folder, "--profile", "work", "--count", "2");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        string[] files = Directory.GetFiles(folder.File("default"), "*.json");
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.Matches(@"-work-\d{8}-\d{6}(-\d+)?\.json$", Path.GetFileName(f)));
        Assert.All(files, f => Assert.Equal(2, Profiled.Session(f).Calls(TestApp.StepScope)));
    }

    [Fact]
    public void The_profile_command_is_the_profile_option()
    {
        using var folder = new TempDirectory();
        string viaCommand = folder.File("command.json");
        string viaOption = folder.File("option.json");

        CliRun wrapped = Profiled.Run(folder, "profile", "work", "--count", "4", "--profile-out", viaCommand);
        CliRun flagged = Profiled.Run(folder, "work", "--count", "4", "--profile", "--profile-out", viaOption);

        Assert.Equal(0, wrapped.ExitCode);
        Assert.Equal(flagged.Output, wrapped.Output);
        SessionReport a = Profiled.Session(viaCommand);
        SessionReport b = Profiled.Session(viaOption);
        Assert.Equal(b.Name, a.Name);
        Assert.DoesNotContain("profile", a.Name, StringComparison.Ordinal);
        foreach (string name in new[] { TestApp.WorkScope, TestApp.StepScope, TestApp.StepProbe })
        {
            Assert.Equal(b.Calls(name), a.Calls(name));
        }
    }

    [Fact]
    public void The_profile_command_without_a_command_says_so_in_one_line()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "profile");

        Assert.Equal(ProfilingExitCodes.ProfilingError, run.ExitCode);
        string line = Assert.Single(CliRun.Lines(run.Error));
        Assert.StartsWith("profiling: name the command to profile", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_async_command_is_profiled_until_its_task_completes()
    {
        using var folder = new TempDirectory();
        string path = folder.File("async.json");

        CliRun run = await Task.Run(() => Profiled.Run(folder, "profile", "work-async", "--count", "6", "--profile-out", path));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("async work done: 6 steps", run.Output.Trim());
        SessionReport session = Profiled.Session(path);
        Assert.Equal(6, session.Calls(TestApp.StepAsyncProbe));
        Assert.Equal(6, session.Calls(TestApp.AsyncScope));
        Assert.Equal(18, session.Calls(TestApp.StepProbe)); // two inside each async step, one in each scope
    }

    [Fact]
    public void The_profile_flag_takes_its_layer_after_an_equals_sign_and_never_the_next_word()
    {
        using var folder = new TempDirectory();
        string light = folder.File("light.json");
        string flag = folder.File("flag.json");
        string full = folder.File("full.json");

        CliRun lightweight = Profiled.Run(folder, "work", "--profile=lightweight", "--profile-out", light);
        CliRun plain = Profiled.Run(folder, "work", "--profile", "my-label", "--profile-out", flag);
        CliRun detailed = Profiled.Run(folder, "--profile=detailed", "work", "--profile-out", full);

        Assert.Equal(0, lightweight.ExitCode);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, detailed.ExitCode);
        Assert.Contains("label my-label", plain.Output, StringComparison.Ordinal); // left to the command
        SessionReport a = Profiled.Session(light);
        Assert.Equal(Layer.Lightweight, a.Settings.MaxLayer);
        Assert.Null(a.FindMethod(TestApp.WorkScope)!.Allocations); // a Detailed scope, capped to timing
        foreach (SessionReport b in new[] { Profiled.Session(flag), Profiled.Session(full) })
        {
            Assert.Equal(Profiler.MaxLayer, b.Settings.MaxLayer);
            if (Profiler.MaxLayer == Layer.Detailed)
            {
                Assert.NotNull(b.FindMethod(TestApp.WorkScope)!.Allocations);
            }
        }
    }

    [Fact]
    public void Each_format_is_written_beside_the_session()
    {
        using var folder = new TempDirectory();
        string path = folder.File("run.json");

        CliRun run = Profiled.Run(
            folder,
            "work", "--count", "3", "--profile-out", path,
            "--profile-format", "html", "--profile-format", "md,folded", "--profile-format", "speedscope",
            "--profile-format", "chrome", "--profile-format", "console", "--profile-format", "json", "--profile-format", "pprof");

        Assert.Equal(0, run.ExitCode);
        Assert.True(Profiled.Session(path).Settings.RecordTimeline); // the evented exports need it
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(folder.File("run.html")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(TestApp.StepScope, File.ReadAllText(folder.File("run.md")), StringComparison.Ordinal);
        string[] folded = File.ReadAllLines(folder.File("run.folded"));
        Assert.Contains(folded, l => l.StartsWith($"{TestApp.WorkScope};{TestApp.StepScope};", StringComparison.Ordinal));
        Assert.Contains("speedscope.app/file-format-schema.json", File.ReadAllText(folder.File("run.speedscope.json")), StringComparison.Ordinal);
        Assert.Contains("traceEvents", File.ReadAllText(folder.File("run.trace.json")), StringComparison.Ordinal);
        Assert.Contains(TestApp.StepScope, File.ReadAllText(folder.File("run.txt")), StringComparison.Ordinal);
        using (var pprof = new System.IO.Compression.GZipStream(File.OpenRead(folder.File("run.pb.gz")), System.IO.Compression.CompressionMode.Decompress))
        using (var proto = new MemoryStream())
        {
            pprof.CopyTo(proto); // gzipped protobuf whose string table names the scopes
            Assert.Contains(TestApp.StepScope, System.Text.Encoding.UTF8.GetString(proto.ToArray()), StringComparison.Ordinal);
        }

        Assert.False(File.Exists(folder.File("run.comparison.json"))); // json without a baseline is the session itself
        Assert.Equal(8, run.ProfilingLines.Length); // the session and seven reports
        Assert.Equal(
            ["run.folded", "run.html", "run.json", "run.md", "run.pb.gz", "run.speedscope.json", "run.trace.json", "run.txt"],
            folder.Files().Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_as_profile_out_gets_a_new_file_inside()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "work", "--profile-out", folder.Path);

        Assert.Equal(0, run.ExitCode);
        string file = Assert.Single(Directory.GetFiles(folder.Path, "*.json"));
        Assert.Equal(5, Profiled.Session(file).Calls(TestApp.StepScope));
    }

    [Fact]
    public void The_command_exit_code_is_kept()
    {
        using var folder = new TempDirectory();
        string path = folder.File("s.json");

        CliRun run = Profiled.Run(folder, "work", "--exit-code", "4", "--profile", "--profile-out", path);

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(5, Profiled.Session(path).Calls(TestApp.StepScope));
    }

    [Fact]
    public void A_command_that_throws_leaves_no_session_behind_and_the_next_run_profiles()
    {
        using var folder = new TempDirectory();
        string failed = folder.File("failed.json");
        string next = folder.File("next.json");

        CliRun run = Profiled.Run(folder, "throw", "--profile", "--profile-out", failed);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the command failed", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(failed));
        Assert.Null(Profiler.ActiveSession);
        Assert.Equal(0, Profiled.Run(folder, "work", "--profile-out", next).ExitCode);
        Assert.Equal(5, Profiled.Session(next).Calls(TestApp.StepScope));
    }

    [Fact]
    public void A_build_without_probes_says_so_in_one_line_and_the_command_still_runs()
    {
        using var folder = new TempDirectory();
        string path = folder.File("s.json");
        // An application assembly without the generator's markers stands for a build without EdmProfiling=true.
        var app = Profiled.App(folder.File("default"), typeof(System.CommandLine.RootCommand).Assembly);

        CliRun run = CliRun.InProcess(app, "scopes-only", "--profile", "--profile-out", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("scopes done", run.Output.Trim());
        Assert.Single(run.ProfilingLines, l => l == "profiling: " + ProfiledRun.NoProbesNotice);
        Assert.Contains("-p:EdmProfiling=true", ProfiledRun.NoProbesNotice, StringComparison.Ordinal);
        Assert.Equal(1, Profiled.Session(path).Calls(TestApp.WorkScope)); // scopes record in any build
    }

    [Fact]
    public void A_build_with_probes_gives_no_notice_even_when_the_command_calls_none()
    {
        using var folder = new TempDirectory();

        CliRun run = Profiled.Run(folder, "scopes-only", "--profile", "--profile-out", folder.File("s.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(run.ProfilingLines, l => l.Contains("no probes", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_the_profiling_options_on_every_command()
    {
        using var folder = new TempDirectory();

        CliRun root = Profiled.Run(folder, "--help");
        CliRun work = Profiled.Run(folder, "work", "--help");

        Assert.Contains("profile", root.Output, StringComparison.Ordinal);
        foreach (string option in new[] { "--profile", "--profile-out", "--profile-format", "--profile-baseline", "--profile-fail-on-regression" })
        {
            Assert.Contains(option, work.Output, StringComparison.Ordinal);
        }

        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Adding_profiling_twice_is_refused()
    {
        var app = Profiled.App(Path.GetTempPath());

        Assert.Throws<InvalidOperationException>(() => app.UseProfiling());
    }

    [Fact]
    public void Report_paths_put_each_format_beside_the_session()
    {
        Assert.Equal(".edm/evaluate.html", ReportPathsOf(".edm/evaluate.json", ReportFormat.Html));
        Assert.Equal(".edm/evaluate.speedscope.json", ReportPathsOf(".edm/evaluate.json", ReportFormat.Speedscope));
        Assert.Equal(".edm/evaluate.comparison.json", ReportPathsOf(".edm/evaluate.json", ReportFormat.Json));
        Assert.Equal("run.out.folded", ReportPathsOf("run.out", ReportFormat.Folded));
        Assert.Equal(".edm/evaluate.pb.gz", ReportPathsOf(".edm/evaluate.json", ReportFormat.Pprof));

        static string ReportPathsOf(string sessionPath, ReportFormat format)
        {
            using ProfilingSession session = Profiler.StartSession("paths");
            return ReportPaths.For(sessionPath, "unused", session).PathOf(format);
        }
    }
}
