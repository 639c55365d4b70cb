using System.Globalization;
using System.Text.Json;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Reads and writes the baseline format (docs/baseline-format.md). Writing to a file is atomic;
/// reading checks the format version first and the values after, and every problem becomes an
/// <see cref="AnalysisException"/> naming the file, the JSON path, and the line and byte.
/// </summary>
public static class BaselineJson
{
    /// <summary>The major version of the format this reader understands.</summary>
    public const int SupportedMajorVersion = 1;

    /// <summary>The baseline as indented JSON.</summary>
    public static string Serialize(Baseline baseline) =>
        JsonSerializer.Serialize(baseline, BaselineJsonContext.Default.Baseline);

    /// <summary>Writes the baseline as JSON to <paramref name="stream"/>.</summary>
    public static void Write(Baseline baseline, Stream stream) =>
        JsonSerializer.Serialize(stream, baseline, BaselineJsonContext.Default.Baseline);

    /// <summary>Writes the baseline to <paramref name="path"/> atomically: readers see the old file or the new one, never a part.</summary>
    /// <exception cref="AnalysisException">The file cannot be written (a directory is in the way, no permission).</exception>
    public static void WriteFile(Baseline baseline, string path)
    {
        try
        {
            AtomicFile.Write(path, stream => Write(baseline, stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException(path, $"cannot be written: {e.Message}", inner: e);
        }
    }

    /// <summary>Reads a baseline from a file.</summary>
    /// <exception cref="AnalysisException">The file is missing, unreadable, or not a valid baseline.</exception>
    public static Baseline ReadFile(string path)
    {
        using PooledFileBytes bytes = RunFile.ReadPooled(path, "baseline");
        return Parse(bytes.Span, path);
    }

    /// <summary>Reads a baseline from JSON text; <paramref name="source"/> names it in errors.</summary>
    public static Baseline Deserialize(string json, string source = "(string)") =>
        Parse(System.Text.Encoding.UTF8.GetBytes(json ?? ""), source);

    /// <summary>Reads a baseline from UTF-8 JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="AnalysisException">The JSON is not a valid baseline.</exception>
    public static Baseline Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        BaselineHeader header = ReadHeader(utf8Json, source);
        if (header.Schema is { } schema && !schema.Contains("baseline", StringComparison.Ordinal))
        {
            throw new AnalysisException(source, $"this is not a baseline ($schema is '{schema}'); make a baseline from a session first", "$.$schema", 1, 0);
        }

        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize(utf8Json, BaselineJsonContext.Default.Baseline);
        }
        catch (JsonException e)
        {
            throw FromJsonException(source, e);
        }

        if (baseline is null)
        {
            throw new AnalysisException(source, "the document is null, not a baseline", "$", 1, 0);
        }

        if (BaselineValidator.Validate(baseline) is { } problem)
        {
            (long Line, long Byte)? position = JsonPositionLocator.Locate(utf8Json, problem.Path);
            throw new AnalysisException(source, problem.Problem, problem.Path, position?.Line, position?.Byte);
        }

        return baseline;
    }

    /// <summary>
    /// Reads only the header (format, name, key) and checks the version. The writer puts the header
    /// first, so this stops at <c>probes</c> instead of reading the whole file a second time.
    /// </summary>
    internal static BaselineHeader ReadHeader(ReadOnlySpan<byte> utf8Json, string source)
    {
        BaselineHeader header;
        try
        {
            header = ScanHeader(utf8Json, source);
        }
        catch (JsonException e)
        {
            throw WithPath(utf8Json, source, e);
        }

        string? version = header.SchemaVersion;
        if (version is null)
        {
            throw new AnalysisException(source, "schemaVersion is missing: this is not an Edm.Profiling baseline", "$", 1, 0);
        }

        (long Line, long Byte)? position = JsonPositionLocator.Locate(utf8Json, "$.schemaVersion");
        int dot = version.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(version.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(version.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new AnalysisException(source, $"schemaVersion '{version}' is not of the form major.minor", "$.schemaVersion", position?.Line, position?.Byte);
        }

        if (major != SupportedMajorVersion)
        {
            throw new AnalysisException(
                source,
                $"schemaVersion {version} is not supported: this reader reads {SupportedMajorVersion}.x (see docs/baseline-format.md, 'Versioning')",
                "$.schemaVersion",
                position?.Line,
                position?.Byte);
        }

        return header;
    }

    private static BaselineHeader ScanHeader(ReadOnlySpan<byte> utf8Json, string source)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read())
        {
            throw new AnalysisException(source, "The input does not contain any JSON tokens", "$", 1, 0);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new AnalysisException(source, "the document is not a JSON object, not a baseline", "$", 1, 0);
        }

        var header = new BaselineHeader();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name is "probes" or "methods" && header.SchemaVersion is not null)
            {
                break;
            }

            header = name switch
            {
                "$schema" => header with { Schema = HeaderString(ref reader, utf8Json, source, name) },
                "schemaVersion" => header with { SchemaVersion = HeaderString(ref reader, utf8Json, source, name) },
                "name" => header with { Name = HeaderString(ref reader, utf8Json, source, name) },
                "version" => header with { Version = HeaderString(ref reader, utf8Json, source, name) },
                "commit" => header with { Commit = HeaderString(ref reader, utf8Json, source, name) },
                "branch" => header with { Branch = HeaderString(ref reader, utf8Json, source, name) },
                "createdAt" when reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out DateTimeOffset at) => header with { CreatedAt = at },
                _ => header,
            };
            reader.Skip();
        }

        return header;
    }

    private static string? HeaderString(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8Json, string source, string name)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            (long Line, long Byte)? position = JsonPositionLocator.Locate(utf8Json, "$." + name);
            throw new AnalysisException(source, $"{name} must be a string", "$." + name, position?.Line, position?.Byte);
        }

        return reader.GetString();
    }

    /// <summary>The reader knows the line of a syntax error but not its path; the serializer knows both.</summary>
    private static AnalysisException WithPath(ReadOnlySpan<byte> utf8Json, string source, JsonException e)
    {
        try
        {
            JsonSerializer.Deserialize(utf8Json, BaselineJsonContext.Default.Baseline);
        }
        catch (JsonException withPath)
        {
            return FromJsonException(source, withPath);
        }

        return FromJsonException(source, e);
    }

    internal static AnalysisException FromJsonException(string source, JsonException e)
    {
        // JsonException counts lines from 0; people count them from 1.
        string problem = e.Message;
        int cut = problem.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            problem = problem[..cut];
        }

        return new AnalysisException(source, problem.TrimEnd('.'), e.Path ?? "$", (e.LineNumber ?? 0) + 1, e.BytePositionInLine ?? 0, e);
    }
}
