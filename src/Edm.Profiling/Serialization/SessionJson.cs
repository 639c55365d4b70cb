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

        PooledFileBytes bytes;
        try
        {
            bytes = PooledFileBytes.Read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SessionFormatException(path, "file not found", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SessionFormatException(path, $"cannot be read: {e.Message}", inner: e);
        }

        using (bytes)
        {
            return Parse(bytes.Span, path);
        }
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
        catch (JsonException)
        {
            // The fast reader stops at the object it cannot read; the generated code alone names the property.
            try
            {
                report = JsonSerializer.Deserialize(utf8Json, SessionJsonPlainContext.Default.SessionReport);
            }
            catch (JsonException e)
            {
                throw FromJsonException(source, e);
            }
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
        if (!TryFindSchemaVersion(utf8Json, out string? version))
        {
            // Malformed before the version, or not an object: the serializer says what and where.
            try
            {
                version = JsonSerializer.Deserialize(utf8Json, SessionJsonContext.Default.SchemaVersionHeader)?.SchemaVersion;
            }
            catch (JsonException e)
            {
                throw FromJsonException(source, e);
            }
        }

        if (version is null)
        {
            throw new SessionFormatException(source, "schemaVersion is missing: this is not an Edm.Profiling session", "$", 1, 0);
        }

        int dot = version.IndexOf('.', StringComparison.Ordinal);
        if (!int.TryParse(dot < 0 ? version : version[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int major))
        {
            throw VersionProblem(utf8Json, source, $"schemaVersion '{version}' is not of the form major.minor");
        }

        if (major != SupportedMajorVersion)
        {
            throw VersionProblem(utf8Json, source, $"schemaVersion {version} is not supported: this reader reads {SupportedMajorVersion}.x (see docs/session-format.md, 'Versioning')");
        }
    }

    private static SessionFormatException VersionProblem(ReadOnlySpan<byte> utf8Json, string source, string problem)
    {
        (long Line, long Byte)? position = JsonPositionLocator.Locate(utf8Json, "$.schemaVersion");
        return new SessionFormatException(source, problem, "$.schemaVersion", position?.Line, position?.Byte);
    }

    /// <summary>
    /// The top-level <c>schemaVersion</c> (null when the object has none), read token by token: the
    /// writer puts it second, so this reads a few tokens where deserialising a header read the whole
    /// document. False when the document is not an object, is malformed before the version, or the
    /// version is not a string.
    /// </summary>
    private static bool TryFindSchemaVersion(ReadOnlySpan<byte> utf8Json, out string? version)
    {
        version = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isVersion = reader.ValueTextEquals("schemaVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    version = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
                }

                reader.Skip();
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
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
