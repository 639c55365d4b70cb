using Microsoft.Data.Sqlite;
using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>Every malformed baseline, session or history gives one line naming the file and the place, and changes nothing.</summary>
public sealed class MalformedInputTests
{
    private static string ValidBaseline => File.ReadAllText(BaselineFormatTests.CheckedInPath).ReplaceLineEndings("\n");

    private static string ValidSession => SessionJson.Serialize(Session("edm analyze", null,
        new Method("Edm.Tracks.Analyzer.Fft(float[])", [8_000, 8_100, 8_300], AllocatedBytes: 300),
        new Method("Edm.Tracks.WavReader.Read(string)", [1_500_000]))).ReplaceLineEndings("\n");

    public static TheoryData<string, string, string?, string> BaselineCases => new()
    {
        // name, how to break the valid text, expected location, expected problem
        { "truncated", "truncate", "$.environment", "Expected" },
        { "wrong type", "\"calls\": 48,=>\"calls\": \"48\",", "$.methods[0].calls", "The JSON value could not be converted" },
        { "fraction in an integer array", "\"durationsNs\": [6802,=>\"durationsNs\": [6802.5,", "$.methods[0].samples.durationsNs", "The JSON value could not be converted" },
        { "text in an integer array", "\"buckets\": [277,=>\"buckets\": [\"277\",", "$.methods[0].histogram.buckets", "The JSON value could not be converted" },
        { "NaN", "\"minNs\": 6802,=>\"minNs\": NaN,", "$.methods[0].minNs", "'N' is an invalid start of a value" },
        { "negative", "\"calls\": 48,=>\"calls\": -48,", "$.methods[0].calls", "calls is negative (-48)" },
        { "duplicate probe id", "\"id\": 1,=>\"id\": 0,", "$.probes[1].id", "duplicate probe id 0" },
        { "duplicate probe name", "\"name\": \"Edm.Tracks.BeatTracker.Track(Edm.Tracks.Spectrum)\"=>\"name\": \"Edm.Tracks.Analyzer.Fft(float[])\"", "$.probes[1].name", "duplicate probe name 'Edm.Tracks.Analyzer.Fft(float[])'" },
        { "run counts that do not add up", "\"calls\": [24,=>\"calls\": [25,", "$.methods[0].calls", "48 calls, but the runs' call counts add up to 49" },
        { "unknown major version", "\"schemaVersion\": \"1.0\",\n  \"name\"=>\"schemaVersion\": \"3.1\",\n  \"name\"", "$.schemaVersion", "schemaVersion 3.1 is not supported" },
        { "no version", "\"schemaVersion\": \"1.0\",\n  \"name\"=>\"name\"", "$", "schemaVersion is missing" },
        { "a session, not a baseline", "baseline-1.0.json=>session-1.0.json", "$.$schema", "this is not a baseline" },
        { "empty", "empty", "$", "The input does not contain any JSON tokens" },
        { "not an object", "array", "$", "the document is not a JSON object" },
    };

    private static string Break(string valid, string how) => how switch
    {
        "truncate" => valid[..(valid.Length / 5)],
        "empty" => "",
        "array" => "[1, 2]",
        _ => Replace(valid, how.Split("=>")[0], how.Split("=>")[1]),
    };

    private static string Replace(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the test data lacks '{from}'");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    [Theory]
    [MemberData(nameof(BaselineCases))]
    public void A_malformed_baseline_file_names_the_file_and_the_place_and_is_left_as_it_was(string name, string how, string? location, string problem)
    {
        using var temp = new TempDirectory();
        string path = temp.File("broken.json");
        File.WriteAllText(path, Break(ValidBaseline, how));
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<AnalysisException>(() => BaselineJson.ReadFile(path));
        Assert.StartsWith($"{path} (line ", e.Message, StringComparison.Ordinal);
        Assert.Matches(BaselineFormatTests.LineAndByte(), e.Message);
        Assert.Equal(location, e.Location);
        Assert.True(e.Message.Contains(problem, StringComparison.Ordinal), e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        _ = name;
    }

    [Fact]
    public void The_line_and_byte_point_at_the_offending_value()
    {
        string text = Replace(ValidBaseline, "\"calls\": 48,", "\"calls\": -48,");
        int line = text[..text.IndexOf("-48", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var e = Assert.Throws<AnalysisException>(() => BaselineJson.Deserialize(text, "b.json"));
        Assert.Equal(line, e.LineNumber);
        Assert.Equal(15, e.BytePositionInLine); // `      "calls": ` is 15 bytes
    }

    [Fact]
    public void A_directory_or_a_missing_file_instead_of_a_baseline_or_session_is_named()
    {
        using var temp = new TempDirectory();
        Assert.Equal($"{temp.Path}: is a directory, not a baseline file", Assert.Throws<AnalysisException>(() => BaselineJson.ReadFile(temp.Path)).Message);
        Assert.Equal($"{temp.Path}: is a directory, not a session file", Assert.Throws<AnalysisException>(() => RunFile.ReadSession(temp.Path)).Message);
        string missing = temp.File("nope.json");
        Assert.Equal($"{missing}: file not found", Assert.Throws<AnalysisException>(() => RunFile.ReadBaseline(missing)).Message);
    }

    public static TheoryData<string, string, string> SessionCases => new()
    {
        { "truncate", "$", "Expected" },
        { "\"calls\": 3,=>\"calls\": true,", "$.methods[0].calls", "could not be converted" },
        { "\"calls\": 3,=>\"calls\": NaN,", "$.methods[0].calls", "'N' is an invalid start of a value" },
        { "\"minNs\": 8000,=>\"minNs\": -1,", "$.methods[0].minNs", "minNs is negative (-1)" },
        { "\"id\": 1,=>\"id\": 0,", "$.probes[1].id", "duplicate probe id 0" },
        { $"\"schemaVersion\": \"{SessionReport.CurrentSchemaVersion}\"=>\"schemaVersion\": \"9.0\"", "$.schemaVersion", "schemaVersion 9.0 is not supported" },
        { "empty", "$", "The input does not contain any JSON tokens" },
    };

    [Theory]
    [MemberData(nameof(SessionCases))]
    public void A_malformed_session_file_is_the_same_one_line_user_error(string how, string location, string problem)
    {
        using var temp = new TempDirectory();
        string path = temp.File("session.json");
        string broken = how == "truncate" ? ValidSession[..(ValidSession.Length / 3)] : Break(ValidSession, how);
        File.WriteAllText(path, broken);

        var e = Assert.Throws<AnalysisException>(() => RunFile.ReadBaseline(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Matches(BaselineFormatTests.LineAndByte(), e.Message);
        if (how != "truncate")
        {
            Assert.Equal(location, e.Location);
        }

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        using HistoryStore history = HistoryStore.Open(temp.File("history.db"));
        Assert.Equal(e.Message, Assert.Throws<AnalysisException>(() => history.ImportFile(path)).Message);
        Assert.Empty(history.Runs());
    }

    [Fact]
    public void History_files_that_are_not_histories_are_refused_without_being_touched()
    {
        using var temp = new TempDirectory();
        string empty = temp.File("empty.db");
        File.WriteAllBytes(empty, []);
        string text = temp.File("text.db");
        File.WriteAllText(text, "runs,probes,metrics\n1,2,3\n");
        string foreign = temp.File("foreign.db");
        using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);";
            create.ExecuteNonQuery();
        }

        string newer = temp.File("newer.db");
        using (HistoryStore.Open(newer))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={newer};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand bump = connection.CreateCommand();
            bump.CommandText = "PRAGMA user_version = 7;";
            bump.ExecuteNonQuery();
        }

        var cases = new (string Path, string Message)[]
        {
            (empty, $"{empty}: is empty, not an Edm.Profiling history (delete it to start a new one)"),
            (text, $"{text}: is not a SQLite database (its first bytes are not 'SQLite format 3') at byte 0"),
            (foreign, $"{foreign}: is a SQLite database but not an Edm.Profiling history (it has tables invoices)"),
            (newer, $"{newer}: history schema version 7 is newer than this reader's (1); use a newer Edm.Profiling at PRAGMA user_version"),
            (temp.Path, $"{temp.Path}: is a directory, not a history file"),
        };
        foreach ((string path, string message) in cases)
        {
            byte[]? before = File.Exists(path) ? File.ReadAllBytes(path) : null;
            Assert.Equal(message, Assert.Throws<AnalysisException>(() => HistoryStore.Open(path)).Message);
            if (before is not null)
            {
                Assert.Equal(before, File.ReadAllBytes(path));
            }
        }

        string absent = temp.File("absent.db");
        Assert.Equal($"{absent}: history file not found", Assert.Throws<AnalysisException>(() => HistoryStore.Open(absent, create: false)).Message);
        Assert.False(File.Exists(absent));
    }

    [Fact]
    public void A_truncated_history_is_reported_as_damaged()
    {
        using var temp = new TempDirectory();
        string path = temp.File("history.db");
        using (HistoryStore store = HistoryStore.Open(path))
        {
            var random = new Random(1);
            for (int i = 0; i < 20; i++)
            {
                store.Import(Session("edm", null, DateTimeOffset.UnixEpoch.AddHours(i),
                    [.. Enumerable.Range(0, 40).Select(m => new Method($"M{m}", LogNormal(random, 20, 1_000)))]));
            }
        }

        SqliteConnection.ClearAllPools();
        long length = new FileInfo(path).Length;
        Assert.True(length > 16_384, $"the history should span pages ({length} bytes)");
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(length / 3);
        }

        var e = Assert.Throws<AnalysisException>(() =>
        {
            using HistoryStore store = HistoryStore.Open(path);
            return store.Trends(Metric.WallTime);
        });
        Assert.StartsWith($"{path}: the history cannot be used: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE metrics SET median_ns = 'fast' WHERE rowid IN (SELECT rowid FROM metrics LIMIT 1)", "median_ns is not a number ('fast')")]
    [InlineData("UPDATE metrics SET median_ns = -5", "median_ns is negative or not finite (-5)")]
    [InlineData("UPDATE runs SET recorded_at = 'yesterday'", "recorded_at is not a time")]
    public void Wrong_values_in_a_history_are_reported_with_table_row_and_column(string tamper, string problem)
    {
        using var temp = new TempDirectory();
        string path = temp.File("history.db");
        using (HistoryStore store = HistoryStore.Open(path))
        {
            store.Import(Session("edm", null, new Method("Fft", [1_000, 1_100, 1_200])));
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            // The schema's CHECK constraints stop such values; a damaged or hand-edited file can still hold them.
            command.CommandText = "PRAGMA ignore_check_constraints = ON; " + tamper.Replace("WHERE rowid IN (SELECT rowid FROM metrics LIMIT 1)", "", StringComparison.Ordinal);
            command.ExecuteNonQuery();
        }

        using HistoryStore history = HistoryStore.Open(path);
        var e = Assert.Throws<AnalysisException>(() => history.Trend("Fft", Metric.WallTime));
        Assert.StartsWith($"{path}: {problem} at ", e.Message, StringComparison.Ordinal);
        Assert.Matches(@"at (metrics|runs) row .*, column \w+$", e.Message);
    }
}
