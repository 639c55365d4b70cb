using System.Globalization;
using System.Text.Json;

namespace Edm.Profiling;

/// <summary>
/// Reads and writes the session format (docs/session-format.md). Writing to a file is atomic;
/// reading checks the format version first and the values after, and every problem becomes a
/// <see cref="SessionFormatException"/> that names the file and the place.
/// </summary>
public static class SessionJson
{
    /// <summary>The major version of the format this reader understands.</summary>
    public const int SupportedMajorVersion = 1;

    /// <summary>The report as indented JSON.</summary>
    public static string Serialize(SessionReport report) =>
        JsonSerializer.Serialize(report, SessionJsonContext.Default.SessionReport);

    /// <summary>Writes the report as JSON to <paramref name="stream"/>.</summary>
    public static void Write(SessionReport report, Stream stream) =>
        JsonSerializer.Serialize(stream, report, SessionJsonContext.Default.SessionReport);

    /// <summary>Writes the report to <paramref name="path"/> atomically: readers see the old file or the new one, never a part.</summary>
    public static void WriteFile(SessionReport report, string path) =>
        AtomicFile.Write(path, stream => Write(report, stream));

    /// <summary>Reads a session from a file.</summary>
    /// <exception cref="SessionFormatException">The file is missing, unreadable, or not a valid session.</exception>
    public static SessionReport ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new SessionFormatException(path, "is a directory, not a session file");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SessionFormatException(path, "file not found", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SessionFormatException(path, $"cannot be read: {e.Message}", inner: e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Reads a session from JSON text; <paramref name="source"/> names it in errors.</summary>
    public static SessionReport Deserialize(string json, string source = "(string)") =>
        Parse(System.Text.Encoding.UTF8.GetBytes(json ?? ""), source);

    /// <summary>Reads a session from UTF-8 JSON; <paramref name="source"/> names it in errors.</summary>
    public static SessionReport Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        CheckVersion(utf8Json, source);
        SessionReport? report;
        try
        {
            report = JsonSerializer.Deserialize(utf8Json, SessionJsonContext.Default.SessionReport);
        }
        catch (JsonException e)
        {
            throw FromJsonException(source, e);
        }

        if (report is null)
        {
            throw new SessionFormatException(source, "the document is null, not a session", "$", 1, 0);
        }

        if (SessionValidator.Validate(report) is { } problem)
        {
            (long Line, long Byte)? position = JsonPositionLocator.Locate(utf8Json, problem.Path);
            throw new SessionFormatException(source, problem.Problem, problem.Path, position?.Line, position?.Byte);
        }

        return report;
    }

    /// <summary>
    /// Reads <c>schemaVersion</c> alone first, so that a file from a newer major version fails with
    /// that message rather than with whatever field it changed.
    /// </summary>
    private static void CheckVersion(ReadOnlySpan<byte> utf8Json, string source)
    {
        SchemaVersionHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(utf8Json, SessionJsonContext.Default.SchemaVersionHeader);
        }
        catch (JsonException e)
        {
            throw FromJsonException(source, e);
        }

        string? version = header?.SchemaVersion;
        (long Line, long Byte)? position = JsonPositionLocator.Locate(utf8Json, "$.schemaVersion");
        if (version is null)
        {
            throw new SessionFormatException(source, "schemaVersion is missing: this is not an Edm.Profiling session", "$", 1, 0);
        }

        int dot = version.IndexOf('.', StringComparison.Ordinal);
        if (!int.TryParse(dot < 0 ? version : version[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int major))
        {
            throw new SessionFormatException(source, $"schemaVersion '{version}' is not of the form major.minor", "$.schemaVersion", position?.Line, position?.Byte);
        }

        if (major != SupportedMajorVersion)
        {
            throw new SessionFormatException(
                source,
                $"schemaVersion {version} is not supported: this reader reads {SupportedMajorVersion}.x (see docs/session-format.md, 'Versioning')",
                "$.schemaVersion",
                position?.Line,
                position?.Byte);
        }
    }

    private static SessionFormatException FromJsonException(string source, JsonException e)
    {
        // JsonException counts lines from 0; people count them from 1.
        string problem = e.Message;
        int cut = problem.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            problem = problem[..cut];
        }

        return new SessionFormatException(source, problem.TrimEnd('.'), e.Path ?? "$", (e.LineNumber ?? 0) + 1, e.BytePositionInLine ?? 0, e);
    }
}
