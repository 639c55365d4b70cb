namespace Edm.Profiling.Analysis;

/// <summary>
/// Reads the files a comparison takes: a session file or a baseline file, told apart by their
/// <c>$schema</c>. Every problem is an <see cref="AnalysisException"/> naming the file.
/// </summary>
public static class RunFile
{
    /// <summary>Reads a session or a baseline file as a baseline (a session becomes a one-run baseline).</summary>
    /// <exception cref="AnalysisException">The file is missing, unreadable, or neither a valid session nor a valid baseline.</exception>
    public static Baseline ReadBaseline(string path)
    {
        using PooledFileBytes bytes = ReadPooled(path, "session or baseline");
        return IsBaseline(bytes.Span)
            ? BaselineJson.Parse(bytes.Span, path)
            : Baseline.FromSession(ParseSession(bytes.Span, path));
    }

    /// <summary>
    /// Reads a session or baseline file as a baseline, like <see cref="ReadBaseline(string)"/>, and gives the
    /// session itself when the file is one, so a report can show what a baseline drops (the timeline).
    /// </summary>
    /// <exception cref="AnalysisException">The file is missing, unreadable, or neither a valid session nor a valid baseline.</exception>
    public static Baseline ReadBaseline(string path, out SessionReport? session)
    {
        using PooledFileBytes bytes = ReadPooled(path, "session or baseline");
        if (IsBaseline(bytes.Span))
        {
            session = null;
            return BaselineJson.Parse(bytes.Span, path);
        }

        session = ParseSession(bytes.Span, path);
        return Baseline.FromSession(session);
    }

    /// <summary>Reads a session file.</summary>
    /// <exception cref="AnalysisException">The file is missing, unreadable, or not a valid session.</exception>
    public static SessionReport ReadSession(string path)
    {
        using PooledFileBytes bytes = ReadPooled(path, "session");
        return ParseSession(bytes.Span, path);
    }

    /// <summary>True when the JSON says it is a baseline (its <c>$schema</c> names the baseline format).</summary>
    internal static bool IsBaseline(ReadOnlySpan<byte> utf8Json) =>
        SchemaProperty.Read(utf8Json)?.Contains("baseline", StringComparison.Ordinal) == true;

    internal static SessionReport ParseSession(ReadOnlySpan<byte> utf8Json, string source)
    {
        try
        {
            return SessionJson.Parse(utf8Json, source);
        }
        catch (SessionFormatException e)
        {
            throw AnalysisException.From(e);
        }
    }

    /// <summary>The file's bytes, or an error that names it: missing, a directory, unreadable.</summary>
    internal static byte[] ReadBytes(string path, string what) => Read(path, what, File.ReadAllBytes);

    /// <summary>
    /// The file's bytes in a pooled buffer (dispose it), or an error that names the file: a session or
    /// baseline is read whole, and a fresh array of a large file's size cost more than the read itself.
    /// </summary>
    internal static PooledFileBytes ReadPooled(string path, string what) => Read(path, what, PooledFileBytes.Read);

    private static T Read<T>(string path, string what, Func<string, T> read)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new AnalysisException(path, $"is a directory, not a {what} file");
        }

        try
        {
            return read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AnalysisException(path, "file not found", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException(path, $"cannot be read: {e.Message}", inner: e);
        }
    }
}
