using System.Globalization;

namespace Edm.Profiling;

/// <summary>
/// How a new session file is named, in every writer of one: process mode, <c>edm-prof run</c> and
/// <c>--profile</c> of <c>Edm.Profiling.CommandLine</c> (which compile this file as shared source).
/// The session's name made safe for a file name, then its start time in UTC:
/// <c>QuickStart-20250314-091500.json</c>; a name already taken gets <c>-2</c>, <c>-3</c>….
/// </summary>
internal static class SessionFileName
{
    private const int MaxNameLength = 80;

    /// <summary><c>&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>, without an ending.</summary>
    internal static string Stem(string sessionName, DateTimeOffset startedAt) =>
        Safe(sessionName) + "-" + startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The first of <c>stem.json</c>, <c>stem-2.json</c>, … in <paramref name="folder"/> that is free:
    /// no such file, and <paramref name="alsoTaken"/> (files that would go beside it) says no.
    /// </summary>
    internal static string FreePath(string folder, string stem, Func<string, bool>? alsoTaken = null)
    {
        for (int n = 1; ; n++)
        {
            string candidate = Path.Combine(folder, n == 1 ? stem : stem + "-" + n.ToString(CultureInfo.InvariantCulture)) + ".json";
            if (!File.Exists(candidate) && alsoTaken?.Invoke(candidate) != true)
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// Spaces become <c>-</c> (<c>edm evaluate</c> → <c>edm-evaluate</c>), characters a file name cannot
    /// hold and control characters <c>_</c>; no leading dot (a hidden file); at most 80 characters.
    /// </summary>
    internal static string Safe(string name)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        string safe = string.Concat(name.Select(c => char.IsWhiteSpace(c) ? '-' : invalid.Contains(c) || char.IsControl(c) ? '_' : c)).TrimStart('.');
        safe = safe.Length > MaxNameLength ? safe.Substring(0, MaxNameLength) : safe;
        return safe.Length == 0 ? "session" : safe;
    }
}
