using Edm.Profiling.CommandLine.Tests.Support;

namespace Edm.Profiling.CommandLine.Tests;

/// <summary>
/// The edm sample built with probes (EdmProfiling=true): its annotated stages show in sessions with
/// one call per file. In this process, and twice as the real program.
/// </summary>
public sealed class EdmAppTests(EdmTracks tracks) : IClassFixture<EdmTracks>
{
    [Fact]
    public void Profile_analyze_names_the_annotated_stages_once_per_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("s.json");

        CliRun run = CliRun.InProcess(EdmTracks.App(folder.File("default")), "--profile", "analyze", tracks.Track(1), tracks.Track(2), "--profile-out", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(tracks.Track(2), run.Output, StringComparison.Ordinal);
        SessionReport session = Profiled.Session(path);
        Assert.EndsWith(" analyze", session.Name, StringComparison.Ordinal);
        foreach (string stage in new[] { EdmTracks.AnalyzeFile, EdmTracks.Analyze, EdmTracks.ReadWav, EdmTracks.Stft, EdmTracks.Tempo, EdmTracks.MixToMono })
        {
            Assert.True(session.Calls(stage) == 2, $"{stage}: {session.Calls(stage)} calls");
        }

        Assert.Equal(1, session.Calls(EdmTracks.Render));
        // 6 s at 22.05 kHz in frames of 1024 every 256 samples: about 500 FFTs per file.
        Assert.InRange(session.Calls(EdmTracks.Fft), 2 * 480, 2 * 530);
        Assert.DoesNotContain(run.ProfilingLines, l => l.Contains("no probes", StringComparison.Ordinal));
    }

    [Fact]
    public void Profile_evaluate_names_the_evaluation_and_one_analysis_per_file_and_writes_html()
    {
        using var folder = new TempDirectory();
        string path = folder.File("evaluate.json");

        CliRun run = CliRun.InProcess(EdmTracks.App(folder.File("default")), "profile", "evaluate", tracks.Folder, "--profile-out", path, "--profile-format", "html");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Accuracy1", run.Output, StringComparison.Ordinal);
        SessionReport session = Profiled.Session(path);
        Assert.EndsWith(" evaluate", session.Name, StringComparison.Ordinal);
        Assert.Equal(1, session.Calls(EdmTracks.Evaluate));
        Assert.Equal(1, session.Calls(EdmTracks.ReadLabels));
        Assert.Equal(EdmTracks.TrackCount, session.Calls(EdmTracks.AnalyzeFile));
        Assert.Equal(EdmTracks.TrackCount, session.Calls(EdmTracks.Score));
        Assert.True(File.Exists(folder.File("evaluate.html")));
        Assert.Contains("TrackAnalyzer.AnalyzeFile(string)", run.Error, StringComparison.Ordinal); // the hot-method table
    }

    [Fact]
    public void Without_profile_edm_writes_no_session()
    {
        using var folder = new TempDirectory();

        CliRun run = CliRun.InProcess(EdmTracks.App(folder.File("default")), "analyze", tracks.Track(1));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void The_real_program_profiles_analyze()
    {
        using var folder = new TempDirectory();

        CliRun run = CliRun.Edm(new Dictionary<string, string?>(), folder.Path, "--profile", "analyze", tracks.Track(3), "--profile-out", "s.json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(tracks.Track(3), run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Session '", run.Output, StringComparison.Ordinal); // the report goes to standard error
        Assert.Contains("Session 'edm analyze'", run.Error, StringComparison.Ordinal);
        Assert.Equal(["profiling: session written to s.json"], run.ProfilingLines);
        SessionReport session = Profiled.Session(folder.File("s.json"));
        Assert.Equal("edm analyze", session.Name);
        Assert.Equal(1, session.Calls(EdmTracks.AnalyzeFile));
        Assert.Equal(1, session.Calls(EdmTracks.ReadWav));
    }

    [Fact]
    public void Under_process_mode_profile_starts_no_second_session_and_the_process_session_records()
    {
        using var folder = new TempDirectory();
        string sessions = folder.File("process");
        Directory.CreateDirectory(sessions);

        CliRun run = CliRun.Edm(
            new Dictionary<string, string?> { ["EDM_PROFILING_OUTPUT"] = sessions },
            folder.Path,
            "--profile", "analyze", tracks.Track(1), "--profile-out", "mine.json");

        Assert.True(run.ExitCode == 0, run.Error);
        string line = Assert.Single(run.ProfilingLines);
        Assert.StartsWith("profiling: EDM_PROFILING_OUTPUT is set", line, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("mine.json")));
        SessionReport session = Profiled.Session(Assert.Single(Directory.GetFiles(sessions, "*.json")));
        Assert.Equal(1, session.Calls(EdmTracks.AnalyzeFile));
    }
}
