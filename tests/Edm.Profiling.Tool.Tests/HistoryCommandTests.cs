namespace Edm.Profiling.Tool.Tests;

/// <summary><c>edm-prof history import|trend|export</c> on a history in a temporary folder.</summary>
public sealed class HistoryCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string[] _runs;

    public HistoryCommandTests() =>
        _runs = [.. Enumerable.Range(1, 4).Select(i => RecordedSessions.Write(_temp.File($"run{i}.json"), "history-tests", calls: 10 * i, commit: i <= 2 ? "aaa1111" : "bbb2222"))];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Import_trend_and_export_a_history()
    {
        EdmProfRun import = EdmProfRun.Start(_temp.Path, ["history", "import", "h.db", .. _runs]);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Equal(4, import.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("imported ", StringComparison.Ordinal)));
        Assert.Equal("", import.Error);

        EdmProfRun again = EdmProfRun.Start(_temp.Path, "history", "import", "h.db", _runs[0]);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("already in the history: ", again.Output, StringComparison.Ordinal);

        // Two runs per commit, with 10, 20 then 30, 40 calls: one point per commit, the median of its runs.
        EdmProfRun calls = EdmProfRun.Start(_temp.Path, "history", "trend", "h.db", RecordedSessions.Step, "--metric", "calls");
        Assert.True(calls.ExitCode == 0, calls.Error);
        string[] lines = calls.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"{RecordedSessions.Step}: calls per run, 2 commits", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^aaa1111\s.*\s15$", lines[3]);
        Assert.Matches(@"^bbb2222\s.*\s35\s+\+133\.3%$", lines[4]);

        EdmProfRun all = EdmProfRun.Start(_temp.Path, "history", "trend", "h.db");
        Assert.Equal(0, all.ExitCode);
        Assert.Contains(RecordedSessions.Inner, all.Output, StringComparison.Ordinal);
        Assert.Contains(RecordedSessions.Step, all.Output, StringComparison.Ordinal);

        EdmProfRun html = EdmProfRun.Start(_temp.Path, "history", "trend", "h.db", "--out", "trend.html");
        Assert.Equal(0, html.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(_temp.File("trend.html")), StringComparison.OrdinalIgnoreCase);

        EdmProfRun trends = EdmProfRun.Start(_temp.Path, "history", "export", "h.db", "--out", "trends.csv", "--metric", "calls");
        Assert.Equal(0, trends.ExitCode);
        string[] csv = File.ReadAllLines(_temp.File("trends.csv"));
        Assert.Equal("method,metric,commit,recorded_at,value,step", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.Contains(csv, row => row.StartsWith($"{RecordedSessions.Step},Calls,aaa1111,", StringComparison.Ordinal) && row.EndsWith(",15,no", StringComparison.Ordinal));
        Assert.Contains(csv, row => row.StartsWith($"{RecordedSessions.Step},Calls,bbb2222,", StringComparison.Ordinal) && row.EndsWith(",35,no", StringComparison.Ordinal));

        EdmProfRun runs = EdmProfRun.Start(_temp.Path, "history", "export", "h.db", "--table", "runs", "-o", "runs.csv");
        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(5, File.ReadAllLines(_temp.File("runs.csv")).Length);
        Assert.Equal("wrote runs.csv: 4 runs", runs.Error.Trim());
    }

    [Fact]
    public void A_bad_file_is_reported_in_one_line_and_the_good_ones_are_still_imported()
    {
        File.WriteAllText(_temp.File("bad.json"), "{ \"schemaVersion\": \"9.0\" }");
        EdmProfRun import = EdmProfRun.Start(_temp.Path, "history", "import", "h.db", _runs[0], "bad.json", "missing.json", _runs[1]);
        Assert.Equal(2, import.ExitCode);
        Assert.Equal(2, import.ErrorLines.Length);
        Assert.StartsWith("edm-prof: bad.json", import.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("schemaVersion 9.0 is not supported", import.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal("edm-prof: missing.json: file not found", import.ErrorLines[1]);
        Assert.Equal(2, import.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        EdmProfRun runs = EdmProfRun.Start(_temp.Path, "history", "export", "h.db", "--table", "runs", "--out", "runs.csv");
        Assert.Equal(3, File.ReadAllLines(_temp.File("runs.csv")).Length);
    }

    [Fact]
    public void Bad_input_is_one_line_on_standard_error_with_exit_code_2_and_nothing_is_created_or_changed()
    {
        File.WriteAllText(_temp.File("notes.txt"), "not a database");
        File.WriteAllText(_temp.File("keep.csv"), "keep me");
        Directory.CreateDirectory(_temp.File("folder"));
        Assert.Equal(0, EdmProfRun.Start(_temp.Path, "history", "import", "h.db", _runs[0]).ExitCode);

        Expect(["history", "trend", "missing.db"], "missing.db: history file not found");
        Expect(["history", "export", "missing.db", "--out", "keep.csv"], "missing.db: history file not found");
        Expect(["history", "import", "notes.txt", _runs[0]], "notes.txt: is not a SQLite database");
        Expect(["history", "trend", "folder"], "folder: is a directory, not a history file");
        Expect(["history", "trend", "h.db", "No.Such.Method"], "the history has no method 'No.Such.Method'");
        Expect(["history", "trend", "h.db", "--metric", "speed"], "'speed' is not a metric");
        Expect(["history", "trend", "h.db", "--format", "folded"], "this command does not write folded");
        Expect(["history", "export", "h.db"], "'--out' is required");
        Expect(["history", "export", "h.db", "--out", "folder"], "folder: is a directory; --out takes a file name");
        Expect(["history", "export", "h.db", "--out", "keep.csv", "--table", "methods"], "'methods'");
        Expect(["history", "import", "h.db"], "edm-prof history import --help");

        Assert.False(File.Exists(_temp.File("missing.db")));
        Assert.Equal("not a database", File.ReadAllText(_temp.File("notes.txt")));
        Assert.Equal("keep me", File.ReadAllText(_temp.File("keep.csv")));
    }

    private void Expect(string[] arguments, string message) =>
        EdmProfRun.Start(_temp.Path, arguments).AssertOneLineError(2, message);
}
