namespace Edm.Profiling;

/// <summary>
/// A session file could not be read: not JSON, truncated, wrong types, values out of range, or a
/// format version this reader does not know. Says which file, where (JSON path, line and byte), and what.
/// </summary>
public sealed class SessionFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionFormatException(string source, string problem, string? jsonPath = null, long? line = null, long? bytePositionInLine = null, Exception? inner = null)
        : base(Format(source, problem, jsonPath, line, bytePositionInLine), inner)
    {
        Source = source;
        Problem = problem;
        JsonPath = jsonPath;
        LineNumber = line;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>Creates the exception.</summary>
    public SessionFormatException()
        : this("(unknown)", "invalid session")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SessionFormatException(string message)
        : this("(unknown)", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SessionFormatException(string message, Exception innerException)
        : this("(unknown)", message, inner: innerException)
    {
    }

    /// <summary>The file (or stream name) that was being read.</summary>
    public new string Source { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>JSON path of the offending value, e.g. <c>$.methods[3].calls</c>.</summary>
    public string? JsonPath { get; }

    /// <summary>1-based line of the offending value.</summary>
    public long? LineNumber { get; }

    /// <summary>0-based byte offset within that line.</summary>
    public long? BytePositionInLine { get; }

    private static string Format(string source, string problem, string? path, long? line, long? position)
    {
        string where = line is null ? "" : $" (line {line}, byte {position})";
        string at = path is null ? "" : $" at {path}";
        return $"{source}{where}: {problem}{at}";
    }
}
