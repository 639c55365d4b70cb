using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

public sealed class HistoryStoreTests
{
    private const string Fft = "Edm.Tracks.Analyzer.Fft(float[])";
    private const string Read = "Edm.Tracks.WavReader.Read(string)";

    /// <summary>One session per commit c00..cNN; from <paramref name="stepAt"/> on, Fft is 20% slower.</summary>
    private static List<SessionReport> Commits(int count, int stepAt, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => Session("edm analyze", Environment(commit: $"c{i:D2}"), DateTimeOffset.UnixEpoch.AddHours(i),
            new Method(Fft, LogNormal(random, 200, i >= stepAt ? 12_000 : 10_000), Calls: 100, AllocatedBytes: 100 * 512),
            new Method(Read, LogNormal(random, 20, 1_000_000), Calls: 20)))];
    }

    [Fact]
    public void Imports_runs_probes_and_metrics_and_a_trend_finds_the_step_at_its_commit()
    {
        using var temp = new TempDirectory();
        using HistoryStore history = HistoryStore.Open(temp.File("history.db"));
        foreach (SessionReport session in Commits(16, stepAt: 9))
        {
            Assert.True(history.Import(session).Imported);
        }

        Assert.Equal(16, history.Runs().Count);
        Assert.Equal([Fft, Read], history.Methods());

        MethodTrend time = history.Trend(Fft, Metric.WallTime);
        Assert.Equal(16, time.Points.Count);
        Assert.Equal("c00", time.Points[0].Commit);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(15), time.Points[15].RecordedAt);
        Assert.InRange(time.Points[0].Value, 9_700, 10_300); // median of the samples
        Assert.Equal([9], time.ChangePoints);
        Assert.Equal("c09", time.Points[time.ChangePoints[0]].Commit);

        MethodTrend calls = history.Trend(Fft, Metric.Calls);
        Assert.All(calls.Points, p => Assert.Equal(100, p.Value));
        Assert.Empty(calls.ChangePoints);
        Assert.All(history.Trend(Fft, Metric.AllocatedBytesPerCall).Points, p => Assert.Equal(512, p.Value));
        Assert.Empty(history.Trend(Read, Metric.AllocatedBytesPerCall).Points); // never measured
        Assert.Empty(history.Trend(Read, Metric.WallTime).ChangePoints);
    }

    [Fact]
    public void Importing_the_same_content_twice_keeps_one_run()
    {
        using var temp = new TempDirectory();
        string file = temp.File("run.json");
        SessionJson.WriteFile(Commits(1, 99)[0], file);
        using HistoryStore history = HistoryStore.Open(temp.File("history.db"));

        HistoryImport first = history.ImportFile(file);
        HistoryImport again = history.ImportFile(file);
        Assert.True(first.Imported);
        Assert.False(again.Imported);
        Assert.Equal(first.RunId, again.RunId);
        HistoryRun run = Assert.Single(history.Runs());
        Assert.Equal(file, run.Source);
        Assert.Equal("session", run.Kind);
        Assert.Equal(2, run.Methods);
    }

    [Fact]
    public void Baseline_files_import_with_calls_per_run()
    {
        using var temp = new TempDirectory();
        using HistoryStore history = HistoryStore.Open(temp.File("history.db"));
        HistoryImport import = history.ImportFile(BaselineFormatTests.CheckedInPath);
        Assert.True(import.Imported);
        HistoryRun run = Assert.Single(history.Runs());
        Assert.Equal(("baseline", "edm-analyze", "0.3.0", 2), (run.Kind, run.Name, run.Version, run.RunCount));
        Assert.Equal(24, history.Trend("Edm.Tracks.Analyzer.Fft(float[])", Metric.Calls).Points.Single().Value); // 48 calls over 2 runs
    }

    [Fact]
    public void Runs_of_one_commit_make_one_point_and_queries_filter_by_branch_machine_and_name()
    {
        using var temp = new TempDirectory();
        using HistoryStore history = HistoryStore.Open(temp.File("history.db"));
        var random = new Random(3);
        SessionReport Run(string commit, string branch, string machine, int hour, double median, string name = "edm analyze") =>
            Session(name, Environment(fingerprint: machine, commit: commit, branch: branch), DateTimeOffset.UnixEpoch.AddHours(hour),
                new Method(Fft, LogNormal(random, 101, median, sigma: 0.001)));

        history.Import(Run("a", "main", "m1", 0, 1_000));
        history.Import(Run("a", "main", "m1", 1, 1_100));
        history.Import(Run("a", "main", "m1", 2, 1_200));
        history.Import(Run("b", "main", "m1", 3, 2_000));
        history.Import(Run("x", "topic", "m1", 4, 3_000));
        history.Import(Run("b", "main", "m2", 5, 4_000));
        history.Import(Run("b", "main", "m1", 6, 5_000, name: "edm evaluate"));

        MethodTrend main = history.Trend(Fft, Metric.WallTime, new TrendQuery { Branch = "main", Machine = "m1", RunName = "edm analyze" });
        Assert.Equal(["a", "b"], main.Points.Select(p => p.Commit));
        Assert.InRange(main.Points[0].Value, 1_095, 1_105); // the median of the three runs of commit a
        Assert.Equal(DateTimeOffset.UnixEpoch, main.Points[0].RecordedAt);

        Assert.Equal(["a", "b", "x", "b"], history.Trend(Fft, Metric.WallTime).Points.Select(p => p.Commit)); // unfiltered: b on m2 and b of evaluate are in a row
        Assert.Equal(3, history.Runs(new TrendQuery { Since = DateTimeOffset.UnixEpoch.AddHours(4) }).Count);
        Assert.Equal("edm evaluate", history.Runs(new TrendQuery { Machine = "m1", Branch = "main" })[^1].Name);
    }

    [Fact]
    public void An_unknown_method_has_an_empty_trend()
    {
        using var temp = new TempDirectory();
        using HistoryStore history = HistoryStore.Open(temp.File("history.db"));
        MethodTrend trend = history.Trend("Nope", Metric.WallTime);
        Assert.Equal("Nope", trend.Name);
        Assert.Empty(trend.Points);
    }

    [Fact]
    public void Two_processes_importing_into_one_history_at_once_lose_nothing()
    {
        using var temp = new TempDirectory();
        string history = temp.File("history.db");
        var files = new List<string>();
        var random = new Random(9);
        for (int i = 0; i < 40; i++)
        {
            string file = temp.File($"run{i:D2}.json");
            SessionJson.WriteFile(Session("edm analyze", Environment(commit: $"c{i:D2}"), DateTimeOffset.UnixEpoch.AddMinutes(i),
                [.. Enumerable.Range(0, 30).Select(m => new Method($"M{m:D2}", LogNormal(random, 50, 1_000 + m)))]), file);
            files.Add(file);
        }

        // Both start on a file that does not exist yet: creating it is part of the race.
        using var first = WriterProcess.Start(["import", history, .. files.Where((_, i) => i % 2 == 0)]);
        using var second = WriterProcess.Start(["import", history, .. files.Where((_, i) => i % 2 == 1)]);
        (int firstExit, string firstOutput, string firstError) = WriterProcess.Finish(first);
        (int secondExit, string secondOutput, string secondError) = WriterProcess.Finish(second);
        Assert.True(firstExit == 0, firstError);
        Assert.True(secondExit == 0, secondError);
        Assert.Equal("imported 20", firstOutput.Trim());
        Assert.Equal("imported 20", secondOutput.Trim());

        using HistoryStore store = HistoryStore.Open(history, create: false);
        IReadOnlyList<HistoryRun> runs = store.Runs();
        Assert.Equal(40, runs.Count);
        Assert.All(runs, r => Assert.Equal(30, r.Methods));
        Assert.Equal(files.Order(StringComparer.Ordinal), runs.Select(r => r.Source!).Order(StringComparer.Ordinal));
        Assert.Equal(30, store.Methods().Count);
        Assert.All(store.Trends(Metric.Calls), t => Assert.Equal(40, t.Points.Count));
    }
}
