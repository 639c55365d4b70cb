using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Edm.Profiling.Analysis;

/// <summary>
/// The history of runs in a SQLite file (tables <c>runs</c>, <c>probes</c>, <c>metrics</c>;
/// docs/baseline-format.md, "History"): imports of session and baseline files, and per-method trends
/// with their lasting steps. The file is in WAL mode with a busy timeout and every import is one
/// write transaction, so several processes can import at once and none loses a run.
/// </summary>
public sealed class HistoryStore : IDisposable
{
    /// <summary>How long a writer waits for another to finish before giving up.</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;

    private HistoryStore(string path, SqliteConnection connection, TimeProvider clock)
    {
        Path = path;
        _connection = connection;
        _clock = clock;
    }

    /// <summary>The history file.</summary>
    public string Path { get; }

    /// <summary>Opens a history file, creating it when <paramref name="create"/> is set and it does not exist.</summary>
    /// <exception cref="AnalysisException">The file is not a history this reader knows (a directory, empty, not SQLite, another schema, damaged).</exception>
    public static HistoryStore Open(string path, bool create = true, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (create && !File.Exists(path) && !Directory.Exists(path))
        {
            HistorySchema.CreateFile(path);
        }

        HistorySchema.CheckFile(path, create);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            connection.Open();
            HistorySchema.Execute(connection, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};");
            // Check first, change after: a file that is not ours is refused untouched.
            HistorySchema.Ensure(connection, path, create);
            HistorySchema.Execute(connection, "PRAGMA journal_mode = WAL;");
            HistorySchema.Execute(connection, "PRAGMA synchronous = NORMAL;");
            HistorySchema.Execute(connection, "PRAGMA foreign_keys = ON;");
            return new HistoryStore(path, connection, clock ?? TimeProvider.System);
        }
        catch (Exception e)
        {
            connection.Dispose();
            if (e is SqliteException sqlite)
            {
                throw Damaged(path, sqlite);
            }

            throw;
        }
    }

    /// <summary>Imports a session or baseline file; a file imported before is not imported again.</summary>
    /// <exception cref="AnalysisException">The file is not valid, or the history cannot be written.</exception>
    public HistoryImport ImportFile(string path)
    {
        byte[] bytes = RunFile.ReadBytes(path, "session or baseline");
        bool isBaseline = RunFile.IsBaseline(bytes);
        Baseline run = isBaseline ? BaselineJson.Parse(bytes, path) : Baseline.FromSession(RunFile.ParseSession(bytes, path));
        return Import(run, isBaseline ? "baseline" : "session", path, Convert.ToHexString(SHA256.HashData(bytes)));
    }

    /// <summary>Imports a session; the same content imported twice is kept once.</summary>
    public HistoryImport Import(SessionReport session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Import(Baseline.FromSession(session), "session", null, Hash(SessionJson.Serialize(session)));
    }

    /// <summary>Imports a baseline; the same content imported twice is kept once.</summary>
    public HistoryImport Import(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return Import(baseline, "baseline", null, Hash(BaselineJson.Serialize(baseline)));
    }

    /// <summary>The runs, oldest first.</summary>
    public IReadOnlyList<HistoryRun> Runs(TrendQuery? query = null)
    {
        query ??= new TrendQuery();
        return Query(() =>
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"""
                SELECT r.id, r.kind, r.name, r.commit_id, r.version, r.branch, r.recorded_at, r.run_count, r.machine, r.source,
                       (SELECT count(*) FROM metrics m WHERE m.run_id = r.id)
                FROM runs r WHERE {Filter(command, query)} ORDER BY r.recorded_at, r.id;
                """;
            using SqliteDataReader reader = command.ExecuteReader();
            var runs = new List<HistoryRun>();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                string at = $"runs row {id}";
                runs.Add(new HistoryRun
                {
                    Id = id,
                    Kind = Text(reader, 1, at, "kind")!,
                    Name = Text(reader, 2, at, "name")!,
                    Commit = Text(reader, 3, at, "commit_id", nullable: true),
                    Version = Text(reader, 4, at, "version", nullable: true),
                    Branch = Text(reader, 5, at, "branch", nullable: true),
                    RecordedAt = Time(reader, 6, at, "recorded_at"),
                    RunCount = (int)Number(reader, 7, at, "run_count"),
                    Machine = Text(reader, 8, at, "machine")!,
                    Source = Text(reader, 9, at, "source", nullable: true),
                    Methods = reader.GetInt32(10),
                });
            }

            return runs;
        });
    }

    /// <summary>Names of the methods in the history, sorted.</summary>
    public IReadOnlyList<string> Methods() => Query(() =>
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT name FROM probes ORDER BY name;";
        using SqliteDataReader reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(Text(reader, 0, "probes", "name")!);
        }

        return names;
    });

    /// <summary>
    /// A method's metric across the runs, one point per commit (runs of the same commit in a row are
    /// one point, their median), oldest first, with the lasting steps found in it.
    /// </summary>
    /// <exception cref="AnalysisException">The history holds a value that is not valid.</exception>
    public MethodTrend Trend(string method, Metric metric, TrendQuery? query = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        return Trends(metric, query, method).FirstOrDefault() ?? new MethodTrend { Name = method, Metric = metric };
    }

    /// <summary>Every method's trend of the metric.</summary>
    /// <exception cref="AnalysisException">The history holds a value that is not valid.</exception>
    public IReadOnlyList<MethodTrend> Trends(Metric metric, TrendQuery? query = null) => Trends(metric, query, null);

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private List<MethodTrend> Trends(Metric metric, TrendQuery? query, string? method)
    {
        query ??= new TrendQuery();
        string column = metric switch
        {
            Metric.Calls => "calls_per_run",
            Metric.AllocatedBytesPerCall => "allocated_bytes_per_call",
            _ => "median_ns",
        };
        List<(string Name, List<(string Commit, DateTimeOffset At, double Value)> Points)> series = Query(() =>
        {
            using SqliteCommand command = _connection.CreateCommand();
            string filter = Filter(command, query);
            if (method is not null)
            {
                command.Parameters.AddWithValue("$method", method);
            }

            command.CommandText = $"""
                SELECT p.name, r.id, coalesce(r.commit_id, r.version), r.recorded_at, m.{column}
                FROM metrics m JOIN runs r ON r.id = m.run_id JOIN probes p ON p.id = m.probe_id
                WHERE {filter} {(method is null ? "" : "AND p.name = $method")} AND m.{column} IS NOT NULL
                ORDER BY p.name, r.recorded_at, r.id;
                """;
            using SqliteDataReader reader = command.ExecuteReader();
            var result = new List<(string, List<(string, DateTimeOffset, double)>)>();
            while (reader.Read())
            {
                string name = reader.GetString(0);
                long run = reader.GetInt64(1);
                string at = $"metrics row (run {run}, method '{name}')";
                string commit = Text(reader, 2, at, "commit_id", nullable: true) ?? $"run {run}";
                double value = Number(reader, 4, at, column);
                if (result.Count == 0 || result[^1].Item1 != name)
                {
                    result.Add((name, []));
                }

                result[^1].Item2.Add((commit, Time(reader, 3, $"runs row {run}", "recorded_at"), value));
            }

            return result;
        });

        return [.. series.Select(s => TrendBuilder.Build(s.Name, metric, s.Points, query.MinimumStep))];
    }

    private HistoryImport Import(Baseline run, string kind, string? source, string hash)
    {
        return Query(() =>
        {
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            using (SqliteCommand existing = _connection.CreateCommand())
            {
                existing.CommandText = "SELECT id FROM runs WHERE content_hash = $hash;";
                existing.Parameters.AddWithValue("$hash", hash);
                if (existing.ExecuteScalar() is long id)
                {
                    return new HistoryImport { RunId = id, Imported = false, Methods = run.Methods.Count };
                }
            }

            long runId;
            using (SqliteCommand insert = _connection.CreateCommand())
            {
                insert.CommandText = """
                    INSERT INTO runs (kind, name, commit_id, version, branch, recorded_at, run_count, machine, runtime_version, configuration, source, content_hash, imported_at)
                    VALUES ($kind, $name, $commit, $version, $branch, $recorded, $runs, $machine, $runtime, $configuration, $source, $hash, $imported)
                    RETURNING id;
                    """;
                DateTimeOffset recorded = run.Runs.Count > 0 ? run.Runs.Min(r => r.StartedAt) : run.CreatedAt;
                insert.Parameters.AddWithValue("$kind", kind);
                insert.Parameters.AddWithValue("$name", kind == "session" ? run.Command ?? run.Name : run.Name);
                insert.Parameters.AddWithValue("$commit", (object?)run.Commit ?? DBNull.Value);
                insert.Parameters.AddWithValue("$version", (object?)run.Version ?? DBNull.Value);
                insert.Parameters.AddWithValue("$branch", (object?)run.Branch ?? DBNull.Value);
                insert.Parameters.AddWithValue("$recorded", Iso(recorded));
                insert.Parameters.AddWithValue("$runs", Math.Max(1, run.Runs.Count));
                insert.Parameters.AddWithValue("$machine", run.Environment.MachineFingerprint);
                insert.Parameters.AddWithValue("$runtime", run.Environment.RuntimeVersion);
                insert.Parameters.AddWithValue("$configuration", run.Environment.BuildConfiguration);
                insert.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
                insert.Parameters.AddWithValue("$hash", hash);
                insert.Parameters.AddWithValue("$imported", Iso(_clock.GetUtcNow()));
                runId = (long)insert.ExecuteScalar()!;
            }

            InsertMetrics(run, runId);
            transaction.Commit();
            return new HistoryImport { RunId = runId, Imported = true, Methods = run.Methods.Count };
        });
    }

    private void InsertMetrics(Baseline run, long runId)
    {
        using SqliteCommand probe = _connection.CreateCommand();
        probe.CommandText = """
            INSERT INTO probes (name, kind, declaring_type, category) VALUES ($name, $kind, $type, $category)
            ON CONFLICT (name) DO UPDATE SET name = excluded.name
            RETURNING id;
            """;
        SqliteParameter probeName = probe.Parameters.Add("$name", SqliteType.Text);
        SqliteParameter probeKind = probe.Parameters.Add("$kind", SqliteType.Text);
        SqliteParameter probeType = probe.Parameters.Add("$type", SqliteType.Text);
        SqliteParameter probeCategory = probe.Parameters.Add("$category", SqliteType.Text);

        using SqliteCommand metric = _connection.CreateCommand();
        metric.CommandText = """
            INSERT INTO metrics (run_id, probe_id, calls, calls_per_run, faulted_calls, total_ns, self_ns, inclusive_ns, min_ns, max_ns, mean_ns,
                                 p50_ns, p90_ns, p99_ns, median_ns, samples, allocated_bytes, allocated_bytes_per_call)
            VALUES ($run, $probe, $calls, $callsPerRun, $faulted, $total, $self, $inclusive, $min, $max, $mean, $p50, $p90, $p99, $median, $samples, $allocated, $allocatedPerCall);
            """;
        string[] names = ["$run", "$probe", "$calls", "$callsPerRun", "$faulted", "$total", "$self", "$inclusive", "$min", "$max", "$mean", "$p50", "$p90", "$p99", "$median", "$samples", "$allocated", "$allocatedPerCall"];
        SqliteParameter[] p = [.. names.Select(n => metric.Parameters.Add(n, n is "$callsPerRun" or "$median" or "$allocatedPerCall" ? SqliteType.Real : SqliteType.Integer))];

        var probeOf = run.Probes.GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.First());
        int runCount = Math.Max(1, run.Runs.Count);
        foreach (MethodStatistics m in run.Methods)
        {
            ProbeInfo info = probeOf[m.ProbeId];
            probeName.Value = info.Name;
            probeKind.Value = info.Kind.ToString();
            probeType.Value = (object?)info.DeclaringType ?? DBNull.Value;
            probeCategory.Value = (object?)info.Category ?? DBNull.Value;
            long probeId = (long)probe.ExecuteScalar()!;

            long[]? samples = MethodIndex.SortedSamples(m);
            p[0].Value = runId;
            p[1].Value = probeId;
            p[2].Value = m.Calls;
            p[3].Value = (double)m.Calls / runCount;
            p[4].Value = m.FaultedCalls;
            p[5].Value = m.TotalNs;
            p[6].Value = m.SelfNs;
            p[7].Value = m.InclusiveNs;
            p[8].Value = m.MinNs;
            p[9].Value = m.MaxNs;
            p[10].Value = m.MeanNs;
            p[11].Value = m.P50Ns;
            p[12].Value = m.P90Ns;
            p[13].Value = m.P99Ns;
            p[14].Value = samples is { Length: > 0 } ? Median.OfSorted(samples) : m.P50Ns;
            p[15].Value = samples?.Length ?? 0;
            p[16].Value = m.Allocations is { } a ? a.AllocatedBytes : DBNull.Value;
            p[17].Value = m.Allocations is { Calls: > 0 } b ? (double)b.AllocatedBytes / b.Calls : DBNull.Value;
            metric.ExecuteNonQuery();
        }
    }

    private static string Filter(SqliteCommand command, TrendQuery query)
    {
        var clauses = new List<string> { "1 = 1" };
        if (query.RunName is { } name)
        {
            clauses.Add("r.name = $runName");
            command.Parameters.AddWithValue("$runName", name);
        }

        if (query.Branch is { } branch)
        {
            clauses.Add("r.branch = $branch");
            command.Parameters.AddWithValue("$branch", branch);
        }

        if (query.Machine is { } machine)
        {
            clauses.Add("r.machine = $machine");
            command.Parameters.AddWithValue("$machine", machine);
        }

        if (query.Since is { } since)
        {
            clauses.Add("r.recorded_at >= $since");
            command.Parameters.AddWithValue("$since", Iso(since));
        }

        return string.Join(" AND ", clauses);
    }

    /// <summary>Runs a piece of database work, turning SQLite's errors into one that names the file.</summary>
    private T Query<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException e)
        {
            throw Damaged(Path, e);
        }
    }

    private static AnalysisException Damaged(string path, SqliteException e) =>
        new(path, $"the history cannot be used: {e.Message.Split('\n')[0].Replace("SQLite Error", "SQLite error", StringComparison.Ordinal)}", inner: e);

    private string? Text(SqliteDataReader reader, int ordinal, string row, string column, bool nullable = false)
    {
        if (reader.IsDBNull(ordinal))
        {
            return nullable ? null : throw Invalid(row, column, "is missing");
        }

        return reader.GetFieldType(ordinal) == typeof(string) ? reader.GetString(ordinal) : throw Invalid(row, column, "is not text");
    }

    /// <summary>A number column's value; SQLite lets any column hold text, so the stored type is checked.</summary>
    private double Number(SqliteDataReader reader, int ordinal, string row, string column)
    {
        if (reader.IsDBNull(ordinal))
        {
            throw Invalid(row, column, "is missing");
        }

        Type type = reader.GetFieldType(ordinal);
        if (type != typeof(long) && type != typeof(double))
        {
            throw Invalid(row, column, $"is not a number ('{reader.GetValue(ordinal)}')");
        }

        double value = reader.GetDouble(ordinal);
        return double.IsFinite(value) && value >= 0 ? value : throw Invalid(row, column, $"is negative or not finite ({value.ToString(CultureInfo.InvariantCulture)})");
    }

    private DateTimeOffset Time(SqliteDataReader reader, int ordinal, string row, string column) =>
        DateTimeOffset.TryParse(Text(reader, ordinal, row, column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            ? time
            : throw Invalid(row, column, "is not a time");

    private AnalysisException Invalid(string row, string column, string problem) => new(Path, $"{column} {problem}", $"{row}, column {column}");

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
