using Microsoft.Data.Sqlite;

namespace Edm.Profiling.Analysis;

/// <summary>
/// The tables of a history file and the checks made when one is opened: a SQLite file, ours (its
/// <c>user_version</c> and tables), and of a schema version this reader knows (docs/baseline-format.md, "History").
/// </summary>
internal static class HistorySchema
{
    /// <summary>Schema version, kept in SQLite's <c>user_version</c>.</summary>
    internal const int Version = 1;

    private static readonly string[] Tables = ["runs", "probes", "metrics"];

    private const string Create = """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('session', 'baseline')),
            name TEXT NOT NULL,
            commit_id TEXT,
            version TEXT,
            branch TEXT,
            recorded_at TEXT NOT NULL,
            run_count INTEGER NOT NULL CHECK (run_count >= 1),
            machine TEXT NOT NULL,
            runtime_version TEXT NOT NULL,
            configuration TEXT NOT NULL,
            source TEXT,
            content_hash TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS runs_by_time ON runs (recorded_at, id);
        CREATE TABLE IF NOT EXISTS probes (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            declaring_type TEXT,
            category TEXT
        );
        CREATE TABLE IF NOT EXISTS metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            probe_id INTEGER NOT NULL REFERENCES probes (id),
            calls INTEGER NOT NULL CHECK (calls >= 0),
            calls_per_run REAL NOT NULL CHECK (calls_per_run >= 0),
            faulted_calls INTEGER NOT NULL CHECK (faulted_calls >= 0),
            total_ns INTEGER NOT NULL CHECK (total_ns >= 0),
            self_ns INTEGER NOT NULL CHECK (self_ns >= 0),
            inclusive_ns INTEGER NOT NULL CHECK (inclusive_ns >= 0),
            min_ns INTEGER NOT NULL CHECK (min_ns >= 0),
            max_ns INTEGER NOT NULL CHECK (max_ns >= 0),
            mean_ns INTEGER NOT NULL CHECK (mean_ns >= 0),
            p50_ns INTEGER NOT NULL CHECK (p50_ns >= 0),
            p90_ns INTEGER NOT NULL CHECK (p90_ns >= 0),
            p99_ns INTEGER NOT NULL CHECK (p99_ns >= 0),
            median_ns REAL NOT NULL CHECK (median_ns >= 0),
            samples INTEGER NOT NULL CHECK (samples >= 0),
            allocated_bytes INTEGER CHECK (allocated_bytes >= 0),
            allocated_bytes_per_call REAL CHECK (allocated_bytes_per_call >= 0),
            PRIMARY KEY (run_id, probe_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS metrics_by_probe ON metrics (probe_id, run_id);
        """;

    /// <summary>
    /// Creates a new history: the tables are made in a temporary file that is then moved into place
    /// without replacing anything, so no process ever sees a half-made (or empty) history, and when
    /// two processes create one at once, the first to move wins and the other uses it.
    /// </summary>
    internal static void CreateFile(string path)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
            {
                connection.Open();
                Ensure(connection, path, create: true);
                Execute(connection, "PRAGMA journal_mode = WAL;");
            }

            File.Move(temp, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            // Another process created it first: use theirs.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new AnalysisException(path, $"cannot be created: {e.Message}", inner: e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Checks the file before SQLite sees it: not a directory, not empty, a SQLite header.</summary>
    internal static void CheckFile(string path, bool create)
    {
        if (Directory.Exists(path))
        {
            throw new AnalysisException(path, "is a directory, not a history file");
        }

        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new AnalysisException(path, "history file not found");
            }

            return;
        }

        byte[] header = new byte[16];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException(path, $"cannot be read: {e.Message}", inner: e);
        }

        if (read == 0)
        {
            throw new AnalysisException(path, "is empty, not an Edm.Profiling history (delete it to start a new one)");
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual("SQLite format 3\0"u8))
        {
            throw new AnalysisException(path, "is not a SQLite database (its first bytes are not 'SQLite format 3')", "byte 0");
        }
    }

    /// <summary>Creates the tables in a new file, or checks that an existing file holds a history this reader knows.</summary>
    internal static void Ensure(SqliteConnection connection, string path, bool create)
    {
        int version = UserVersion(connection);
        if (version == Version)
        {
            CheckTables(connection, path);
            return;
        }

        if (version > Version)
        {
            throw new AnalysisException(path, $"history schema version {version} is newer than this reader's ({Version}); use a newer Edm.Profiling", "PRAGMA user_version");
        }

        if (version != 0)
        {
            throw new AnalysisException(path, $"history schema version {version} is not one this reader knows ({Version})", "PRAGMA user_version");
        }

        // Version 0: a new file, or someone else's database. Create inside a write transaction so
        // that two processes creating the same file at once do it one after the other.
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        if (UserVersion(connection) == 0)
        {
            List<string> others = TableNames(connection);
            if (others.Count > 0)
            {
                throw new AnalysisException(path, $"is a SQLite database but not an Edm.Profiling history (it has tables {string.Join(", ", others)})");
            }

            if (!create)
            {
                throw new AnalysisException(path, "is an empty SQLite database, not an Edm.Profiling history");
            }

            Execute(connection, Create);
            Execute(connection, $"PRAGMA user_version = {Version};");
        }

        transaction.Commit();
        CheckTables(connection, path);
    }

    private static void CheckTables(SqliteConnection connection, string path)
    {
        List<string> tables = TableNames(connection);
        string[] missing = [.. Tables.Where(t => !tables.Contains(t))];
        if (missing.Length > 0)
        {
            throw new AnalysisException(path, $"the history lacks the tables {string.Join(", ", missing)}", "sqlite_schema");
        }
    }

    private static int UserVersion(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> TableNames(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
        using SqliteDataReader reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
