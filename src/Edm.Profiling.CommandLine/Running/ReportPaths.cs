using Edm.Profiling.Analysis.Reporting;

namespace Edm.Profiling.CommandLine.Running;

/// <summary>
/// Where a profiled run writes: the session file, and each report file beside it with the
/// session's name and the format's ending (<c>run.json</c> → <c>run.html</c>, <c>run.speedscope.json</c>).
/// </summary>
internal sealed class ReportPaths
{
    private readonly string _stem;

    private ReportPaths(string sessionPath)
    {
        SessionPath = sessionPath;
        _stem = sessionPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? sessionPath[..^".json".Length] : sessionPath;
    }

    /// <summary>The session file.</summary>
    internal string SessionPath { get; }

    /// <summary>
    /// The paths of a run: <paramref name="requested"/> when given (a folder that exists, or a path
    /// ending in a separator, gets a new file inside), else a new file in <paramref name="defaultFolder"/>
    /// named as every session file is (<c>SessionFileName</c>: <c>edm-evaluate-20250101-120000.json</c>).
    /// </summary>
    internal static ReportPaths For(string? requested, string defaultFolder, ProfilingSession session)
    {
        if (requested is not null && !Directory.Exists(requested) && !EndsWithSeparator(requested))
        {
            return new ReportPaths(requested);
        }

        string folder = requested ?? defaultFolder;
        return new ReportPaths(SessionFileName.FreePath(folder, SessionFileName.Stem(session.Name, session.StartedAt)));
    }

    /// <summary>The file a report format goes to; the comparison's JSON gets a name of its own, since the session has the plain one.</summary>
    internal string PathOf(ReportFormat format) =>
        format == ReportFormat.Json ? _stem + ".comparison.json" : _stem + format.FileExtension();

    private static bool EndsWithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);
}
