using Edm.Profiling;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

/// <summary>
/// This project references edm built without EdmProfiling=true: <c>--profile</c> says in one line that
/// the build has no probes, and the command runs as usual. (The profiled build is tested in
/// Edm.Profiling.CommandLine.Tests.)
/// </summary>
public sealed class ProfilingNoticeTests
{
    [Fact]
    public void Profile_on_a_build_without_probes_prints_one_notice_and_the_command_runs()
    {
        using var folder = new TempDirectory();
        string track = folder.File("house.wav");
        string session = folder.File("s.json");
        TestTracks.WriteWav(track, TestTracks.Render(128));

        EdmRun run = EdmRun.Process(new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = "" }, "--profile", "analyze", track, "--profile-out", session);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(track, run.Output, StringComparison.Ordinal); // the table, as without --profile
        string notice = Assert.Single(run.ErrorLines, l => l.Contains("no probes", StringComparison.Ordinal));
        Assert.Equal("profiling: this build has no probes, so [Profile] methods are not timed (Profiler.Scope blocks are); rebuild with -p:EdmProfiling=true to record them", notice);

        // Only the manual scopes recorded: no method of the pipeline, one mix and one render.
        SessionReport report = SessionJson.ReadFile(session);
        Assert.All(report.Probes.Where(p => report.FindMethod(p.Name) is not null), p => Assert.Equal(ProbeKind.Scope, p.Kind));
        Assert.Equal(1, report.FindMethod("Edm.Tracks.Analysis.MixToMono")?.Calls);
        Assert.Equal(1, report.FindMethod("Edm.Tracks.Commands.Render")?.Calls);
        Assert.Null(report.FindMethod("Edm.Tracks.Analysis.TrackAnalyzer.AnalyzeFile(string)"));
    }
}
