namespace Edm.Profiling.Analysis;

/// <summary>
/// The session files a command is given, as <c>edm-prof report</c>, <c>baseline save</c> and <c>history
/// import</c> take them: files, folders and wildcard patterns, the interval sessions of each rolling run
/// merged into one session (<see cref="SessionMerge"/>).
/// </summary>
public static class SessionInputs
{
    /// <summary>
    /// The files the arguments name: a folder gives its session files (<c>*.json</c> whose <c>$schema</c> is the
    /// session format's, so reports and baselines beside them are left out), a name with <c>*</c> or <c>?</c>
    /// the files it matches in its folder, anything else itself. Each argument's files in name order.
    /// </summary>
    /// <exception cref="AnalysisException">A folder holds no session, or a pattern matches no file.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var files = new List<string>();
        foreach (string argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                string[] sessions = [.. Directory.GetFiles(argument, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.') && IsSessionFile(f)).Order(StringComparer.Ordinal)];
                if (sessions.Length == 0)
                {
                    throw new AnalysisException(argument, "is a directory, not a session file, and holds no session file");
                }

                files.AddRange(sessions);
            }
            else if (Path.GetFileName(argument).AsSpan().IndexOfAny('*', '?') >= 0)
            {
                string folder = Path.GetDirectoryName(argument) is { Length: > 0 } parent ? parent : ".";
                string[] matches = Directory.Exists(folder) ? [.. Directory.GetFiles(folder, Path.GetFileName(argument)).Order(StringComparer.Ordinal)] : [];
                if (matches.Length == 0)
                {
                    throw new AnalysisException(argument, "matches no file");
                }

                files.AddRange(matches);
            }
            else
            {
                files.Add(argument);
            }
        }

        return files;
    }

    /// <summary>Reads session files on every core; an error names the first file, in the order given, that failed.</summary>
    /// <exception cref="AnalysisException">A file is missing, unreadable or not a valid session.</exception>
    public static IReadOnlyList<(string Label, SessionReport Session)> Read(IReadOnlyList<string> paths, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sessions = new (string, SessionReport)[paths.Count];
        var errors = new AnalysisException?[paths.Count];
        int read = 0;
        Parallel.For(0, paths.Count, i =>
        {
            try
            {
                sessions[i] = (paths[i], RunFile.ReadSession(paths[i]));
            }
            catch (AnalysisException e)
            {
                errors[i] = e;
            }

            progress?.Report(Interlocked.Increment(ref read));
        });

        if (errors.FirstOrDefault(e => e is not null) is { } first)
        {
            throw first;
        }

        return sessions;
    }

    /// <summary>
    /// The sessions with the intervals of each rolling run (<see cref="SessionReport.Interval"/>, by run id) merged
    /// into one, in the place of the run's first file; sessions that are no interval stay as they are.
    /// </summary>
    /// <exception cref="AnalysisException">Intervals of a run cannot be merged (<see cref="SessionMerge.Merge"/>).</exception>
    public static IReadOnlyList<(string Label, SessionReport Session)> MergeRuns(IReadOnlyList<(string Label, SessionReport Session)> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var result = new List<(string, SessionReport)>();
        var runs = new Dictionary<string, List<(string Label, SessionReport Session)>>(StringComparer.Ordinal);
        var slotOfRun = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string label, SessionReport session) in sessions)
        {
            if (session.Interval is not { } interval)
            {
                result.Add((label, session));
                continue;
            }

            if (!runs.TryGetValue(interval.RunId, out var parts))
            {
                runs[interval.RunId] = parts = [];
                slotOfRun[interval.RunId] = result.Count;
                result.Add(default);
            }

            parts.Add((label, session));
        }

        foreach ((string runId, var parts) in runs)
        {
            parts.Sort((a, b) => a.Session.Interval!.Index.CompareTo(b.Session.Interval!.Index));
            string label = parts.Count == 1 ? parts[0].Label : $"{parts[0].Label} and {parts.Count - 1} more interval{(parts.Count == 2 ? "" : "s")} of run {runId}";
            result[slotOfRun[runId]] = (label, SessionMerge.Merge(parts));
        }

        return result;
    }

    /// <summary>Whether the file's <c>$schema</c> (written first) is the session format's.</summary>
    private static bool IsSessionFile(string path)
    {
        try
        {
            return SchemaProperty.Read(File.ReadAllBytes(path)) == SessionReport.SchemaId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a session to take from a folder; a file named on its own is read, and its problem reported.
            return false;
        }
    }
}
