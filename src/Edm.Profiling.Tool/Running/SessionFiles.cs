using Edm.Profiling.Analysis.Reporting;

namespace Edm.Profiling.Tool.Running;

/// <summary>
/// Names of the files a run leaves: the program writes its session to a hidden file of its own, which
/// is then renamed after the session (<c>QuickStart-20250101-120000.json</c>) with its reports beside
/// it (<c>QuickStart-20250101-120000.html</c>, …); an existing file is never replaced.
/// </summary>
internal static class SessionFiles
{
    /// <summary>A fresh file for the program to write its session to.</summary>
    internal static string PendingPath(string folder) =>
        Path.Combine(folder, $".edm-prof-{Environment.ProcessId}-{Guid.NewGuid():N}.json");

    /// <summary>
    /// Moves the pending session to its name in <paramref name="folder"/>: the session's name and start
    /// time, with <c>-2</c>, <c>-3</c>… when that session file or one of the report files exists.
    /// </summary>
    internal static string Keep(string pendingPath, SessionReport session, string folder, IReadOnlyCollection<ReportFormat> formats)
    {
        string stem = SessionFileName.Stem(session.Name, session.StartedAt);
        while (true)
        {
            string candidate = SessionFileName.FreePath(folder, stem, path => formats.Any(f => File.Exists(ReportPath(path, f))));
            try
            {
                File.Move(pendingPath, candidate, overwrite: false);
                return candidate;
            }
            catch (IOException) when (File.Exists(candidate))
            {
                // Another run took the name between the check and the move; try the next one.
            }
        }
    }

    /// <summary>The file of a report beside the session: its name with the format's ending instead of <c>.json</c>.</summary>
    internal static string ReportPath(string sessionPath, ReportFormat format) =>
        string.Concat(sessionPath.AsSpan(0, sessionPath.Length - ".json".Length), format.FileExtension());
}
