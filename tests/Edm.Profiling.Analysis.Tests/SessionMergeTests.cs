using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>
/// <see cref="SessionMerge"/> and <see cref="SessionInputs"/>: the interval sessions of a rolling run made one
/// session again, and the files, folders and patterns the tool's commands take.
/// </summary>
public sealed class SessionMergeTests
{
    private const string Parse = "Service.Parser.Parse(string)";
    private const string Store = "Service.Store.Save(Record)";

    [Fact]
    public void Merged_intervals_sum_calls_times_bytes_histograms_and_call_trees()
    {
        var random = new Random(7);
        SessionReport first = Interval(1, new Method(Parse, LogNormal(random, 100, 5_000), AllocatedBytes: 6_400), new Method(Store, LogNormal(random, 10, 80_000)));
        SessionReport second = Interval(2, new Method(Parse, LogNormal(random, 300, 9_000), AllocatedBytes: 19_200));
        SessionReport merged = SessionMerge.Merge([("one.json", first), ("two.json", second)]);

        MethodStatistics parse = merged.FindMethod(Parse)!, a = first.FindMethod(Parse)!, b = second.FindMethod(Parse)!;
        Assert.Equal(400, parse.Calls);
        Assert.Equal(a.TotalNs + b.TotalNs, parse.TotalNs);
        Assert.Equal(a.SelfNs + b.SelfNs, parse.SelfNs);
        Assert.Equal(Math.Min(a.MinNs, b.MinNs), parse.MinNs);
        Assert.Equal(Math.Max(a.MaxNs, b.MaxNs), parse.MaxNs);
        Assert.Equal(400, parse.Histogram.Counts.Sum());
        Assert.Equal(25_600, parse.Allocations!.AllocatedBytes);
        Assert.Equal(10, merged.FindMethod(Store)!.Calls);
        // Percentiles read again from the summed histogram: the median sits among the slower, more numerous calls.
        Assert.InRange(parse.P50Ns, 8_000, 10_000);
        Assert.Equal(400, parse.Samples!.Population);

        CallTreeNode node = merged.CallTree.Single(n => merged.FindProbe(n.ProbeId)!.Name == Parse);
        Assert.Equal(400, node.Calls);
        Assert.Equal(first.DurationNs + second.DurationNs, merged.DurationNs);
        Assert.Equal(first.StartedAt, merged.StartedAt);
        Assert.Null(merged.Interval);
        Assert.Empty(merged.Warnings);
    }

    [Fact]
    public void Merged_io_runs_from_the_first_start_to_the_last_end_with_the_deltas_summed()
    {
        SessionReport first = Interval(1, new Method(Parse, [1_000])) with { Io = Io(0, 100) };
        SessionReport second = Interval(2, new Method(Parse, [1_000])) with { Io = Io(100, 350) };
        SessionIo io = SessionMerge.Merge([("2", second), ("1", first)]).Io!;
        Assert.Equal((0L, 350L, 350L), (io.Start.ReadBytes!.Value, io.End.ReadBytes!.Value, io.Delta.ReadBytes!.Value));
    }

    [Fact]
    public void The_same_interval_twice_is_refused_naming_both_files()
    {
        SessionReport first = Interval(1, new Method(Parse, [1_000]));
        var e = Assert.Throws<AnalysisException>(() => SessionMerge.Merge([("a.json", first), ("b.json", first)]));
        Assert.Equal("b.json", e.Source);
        Assert.Contains("interval 1 of run", e.Message, StringComparison.Ordinal);
        Assert.Contains("a.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sessions_of_another_command_or_runtime_are_refused()
    {
        SessionReport first = Interval(1, new Method(Parse, [1_000]));
        Assert.Contains("not of 'service'", Assert.Throws<AnalysisException>(() => SessionMerge.Merge([("a", first), ("b", first with { Name = "other", Interval = null })])).Message, StringComparison.Ordinal);
        SessionReport otherRuntime = Interval(2, new Method(Parse, [1_000])) with { Environment = Environment(runtime: "9.0.1") };
        Assert.Contains("runtime major versions differ", Assert.Throws<AnalysisException>(() => SessionMerge.Merge([("a", first), ("b", otherRuntime)])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_intervals_of_a_run_are_named_in_a_warning()
    {
        SessionReport[] intervals = [.. new[] { 2, 3, 6 }.Select(i => Interval(i, new Method(Parse, [1_000])))];
        intervals[^1] = intervals[^1] with { Interval = intervals[^1].Interval! with { Last = true } };
        SessionReport merged = SessionMerge.Merge([.. intervals.Select(s => ($"{s.Interval!.Index}", s))]);
        Assert.Equal(3, merged.FindMethod(Parse)!.Calls);
        Assert.Contains("Run run-1: intervals 1, 4-5 of 6 are missing (rotated away or not given); the figures cover the other intervals only.", merged.Warnings);
    }

    [Fact]
    public void Merging_runs_groups_intervals_by_run_and_leaves_other_sessions_alone()
    {
        SessionReport plain = Session("service", null, new Method(Parse, [5]));
        SessionReport a1 = Interval(1, new Method(Parse, [1_000])), a2 = Interval(2, new Method(Parse, [1_000, 2_000]));
        SessionReport b1 = Interval(1, new Method(Parse, [3_000])) with { Interval = a1.Interval! with { RunId = "run-2" } };
        var runs = SessionInputs.MergeRuns([("a2.json", a2), ("plain.json", plain), ("b1.json", b1), ("a1.json", a1)]);

        Assert.Equal(3, runs.Count);
        Assert.Equal("a1.json and 1 more interval of run run-1", runs[0].Label);
        Assert.Equal(3, runs[0].Session.FindMethod(Parse)!.Calls);
        Assert.Same(plain, runs[1].Session);
        Assert.Equal(("b1.json", 1L), (runs[2].Label, runs[2].Session.FindMethod(Parse)!.Calls));
    }

    [Fact]
    public void A_baseline_of_a_rolling_run_counts_its_intervals_as_one_run()
    {
        using var directory = new TempDirectory();
        for (int i = 1; i <= 3; i++)
        {
            SessionJson.WriteFile(Interval(i, new Method(Parse, [1_000, 1_100])), directory.File($"service-00000{i}.json"));
        }

        Baseline baseline = Baseline.FromSessionFiles("service", SessionInputs.Expand([directory.Path]));
        BaselineRun run = Assert.Single(baseline.Runs);
        Assert.Equal(6, baseline.Methods.Single().Calls);
        Assert.Equal([6L], run.Calls);
    }

    [Fact]
    public void Inputs_expand_folders_to_their_session_files_and_patterns_to_their_matches()
    {
        using var directory = new TempDirectory();
        SessionJson.WriteFile(Interval(2, new Method(Parse, [1_000])), directory.File("b.json"));
        SessionJson.WriteFile(Interval(1, new Method(Parse, [1_000])), directory.File("a.json"));
        File.WriteAllText(directory.File("a.speedscope.json"), """{ "$schema": "https://www.speedscope.app/file-format-schema.json" }""");
        File.WriteAllText(directory.File("notes.txt"), "not a session");

        Assert.Equal([directory.File("a.json"), directory.File("b.json")], SessionInputs.Expand([directory.Path]));
        Assert.Equal([directory.File("a.json"), directory.File("a.speedscope.json")], SessionInputs.Expand([directory.File("a*.json")]));
        Assert.Equal(["given.json"], SessionInputs.Expand(["given.json"]));
        Assert.Contains("matches no file", Assert.Throws<AnalysisException>(() => SessionInputs.Expand([directory.File("z*.json")])).Message, StringComparison.Ordinal);
        using var empty = new TempDirectory();
        Assert.Contains("is a directory, not a session file, and holds no session file", Assert.Throws<AnalysisException>(() => SessionInputs.Expand([empty.Path])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_names_the_first_bad_file_in_the_order_given()
    {
        using var directory = new TempDirectory();
        SessionJson.WriteFile(Interval(1, new Method(Parse, [1_000])), directory.File("good.json"));
        File.WriteAllText(directory.File("bad.json"), "{ \"schemaVersion\": \"1.2\", ");
        var e = Assert.Throws<AnalysisException>(() => SessionInputs.Read([directory.File("good.json"), directory.File("bad.json"), directory.File("missing.json")]));
        Assert.Equal(directory.File("bad.json"), e.Source);
    }

    private static SessionReport Interval(int index, params Method[] methods)
    {
        SessionReport session = Session("service", null, DateTimeOffset.UnixEpoch.AddMinutes(index), methods);
        return session with
        {
            Interval = new SessionInterval
            {
                RunId = "run-1",
                Index = index,
                RunStartedAt = DateTimeOffset.UnixEpoch,
                EndedAt = session.StartedAt.AddTicks(session.DurationNs / 100),
            },
        };
    }

    private static SessionIo Io(long start, long end) => new()
    {
        Source = "/proc/self/io",
        Start = new IoCounterSet { ReadBytes = start },
        End = new IoCounterSet { ReadBytes = end },
        Delta = new IoCounterSet { ReadBytes = end - start },
    };
}
