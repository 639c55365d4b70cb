using Edm.Profiling.Analysis;

namespace Edm.Profiling.Tool.Tests;

/// <summary>
/// The interval sessions of a rolling run given to <c>report</c>, <c>baseline save</c> and <c>history import</c>
/// as a folder or a pattern: merged into one session, one run.
/// </summary>
public sealed class IntervalInputTests : IDisposable
{
    private const string RunId = "0123456789abcdef0123456789abcdef";
    private readonly TempDirectory _temp = new();

    /// <summary>Three intervals of one run, with 3, 4 and 5 calls of the step scope (12 in all).</summary>
    public IntervalInputTests()
    {
        Directory.CreateDirectory(_temp.File("intervals"));
        DateTimeOffset runStart = DateTimeOffset.UtcNow;
        for (int index = 1; index <= 3; index++)
        {
            SessionReport session = RecordedSessions.Record("service", calls: index + 2);
            session = session with
            {
                StartedAt = runStart.AddSeconds(index - 1),
                Interval = new SessionInterval { RunId = RunId, Index = index, RunStartedAt = runStart, EndedAt = runStart.AddSeconds(index), Last = index == 3 },
            };
            SessionJson.WriteFile(session, _temp.File($"intervals/service-00000{index}.json"));
        }
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Report_merges_the_intervals_of_a_folder_into_one_session()
    {
        EdmProfRun run = EdmProfRun.Start(_temp.Path, "report", "intervals", "--out", "merged.json");
        Assert.True(run.ExitCode == 0, run.Error);
        SessionReport merged = SessionJson.ReadFile(_temp.File("merged.json"));
        Assert.Equal(12, merged.FindMethod(RecordedSessions.Step)!.Calls);
        Assert.Equal(12, merged.FindMethod(RecordedSessions.Inner)!.Calls);
        Assert.Null(merged.Interval);
    }

    [Fact]
    public void Baseline_save_counts_the_intervals_of_a_pattern_as_one_run()
    {
        EdmProfRun save = EdmProfRun.Start(_temp.Path, "baseline", "save", "service", Path.Combine("intervals", "service-*.json"), "--version", "1.0.0", "--root", "store");
        Assert.True(save.ExitCode == 0, save.Error);
        Assert.Contains("(1 run,", save.Output, StringComparison.Ordinal);
        Baseline baseline = RunFile.ReadBaseline(_temp.File(Path.Combine("store", "service", "1.0.0.json")));
        Assert.Equal(12, baseline.Methods.Single(m => baseline.Probes[m.ProbeId].Name == RecordedSessions.Step).Calls);
    }

    [Fact]
    public void History_import_takes_a_run_once_however_often_its_intervals_are_given()
    {
        EdmProfRun first = EdmProfRun.Start(_temp.Path, "history", "import", "history.db", "intervals");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.StartsWith($"imported {Path.Combine("intervals", "service-000001.json")} and 2 more intervals of run {RunId}: run 1,", first.Output.Trim(), StringComparison.Ordinal);

        EdmProfRun again = EdmProfRun.Start(_temp.Path, "history", "import", "history.db", Path.Combine("intervals", "*.json"));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.StartsWith("already in the history:", again.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_interval_twice_is_bad_input_named_in_one_line()
    {
        string file = Path.Combine("intervals", "service-000002.json");
        EdmProfRun run = EdmProfRun.Start(_temp.Path, "report", file, file);
        run.AssertOneLineError(2, $"{file}: is interval 2 of run {RunId}");
    }
}
