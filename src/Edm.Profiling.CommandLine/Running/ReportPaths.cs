using System.Globalization;
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
    /// ending in a separator, gets a new file inside), else a new file in <paramref name="defaultFolder"/>.
    /// </summary>
    internal static ReportPaths For(string? requested, string defaultFolder, ProfilingSession session)
    {
        if (requested is not null && !Directory.Exists(requested) && !EndsWithSeparator(requested))
        {
            return new ReportPaths(requested);
        }

        string folder = requested ?? defaultFolder;
        string stem = NewFileStem(session);
        string path = Path.Combine(folder, stem + ".json");
        for (int n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}.json"));
        }

        return new ReportPaths(path);
    }

    /// <summary>The file a report format goes to; the comparison's JSON gets a name of its own, since the session has the plain one.</summary>
    internal string PathOf(ReportFormat format) =>
        format == ReportFormat.Json ? _stem + ".comparison.json" : _stem + format.FileExtension();

    private static bool EndsWithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);

    /// <summary><c>edm-evaluate-20250101T120000-4242</c>: the command, the start time (UTC) and the process.</summary>
    private static string NewFileStem(ProfilingSession session)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        string name = string.Concat(session.Name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '-' : c));
        return string.Create(CultureInfo.InvariantCulture, $"{name}-{session.StartedAt:yyyyMMdd'T'HHmmss}-{Environment.ProcessId}");
    }
}
