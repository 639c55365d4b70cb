namespace Edm.Profiling.Analysis;

/// <summary>
/// A user error in the analysis layer: a baseline, session or history file that cannot be read, a
/// baseline that does not exist, a name that cannot be a file name. <see cref="Exception.Message"/> is
/// one line naming the file and the place (JSON path with line and byte, or table and row), ready
/// to print without a stack trace.
/// </summary>
public sealed class AnalysisException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or other input) the problem is in.</param>
    /// <param name="problem">What is wrong, in a sentence without the location.</param>
    /// <param name="location">Where in the file: a JSON path such as <c>$.methods[3].calls</c>, or a table and row.</param>
    /// <param name="line">1-based line of the offending value, for text files.</param>
    /// <param name="bytePositionInLine">0-based byte in that line.</param>
    /// <param name="inner">The exception that revealed the problem.</param>
    public AnalysisException(string source, string problem, string? location = null, long? line = null, long? bytePositionInLine = null, Exception? inner = null)
        : base(Format(source, problem, location, line, bytePositionInLine), inner)
    {
        Source = source;
        Problem = problem;
        Location = location;
        LineNumber = line;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>Creates the exception.</summary>
    public AnalysisException()
        : this("(unknown)", "invalid input")
    {
    }

    /// <summary>Creates the exception.</summary>
    public AnalysisException(string message)
        : this("(unknown)", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AnalysisException(string message, Exception innerException)
        : this("(unknown)", message, inner: innerException)
    {
    }

    /// <summary>The file or input the problem is in.</summary>
    public new string Source { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>Where in the file: a JSON path, or a table, row and column of a history.</summary>
    public string? Location { get; }

    /// <summary>1-based line of the offending value in a text file.</summary>
    public long? LineNumber { get; }

    /// <summary>0-based byte offset within that line.</summary>
    public long? BytePositionInLine { get; }

    /// <summary>The same problem as a session reader reported it, in this type.</summary>
    internal static AnalysisException From(SessionFormatException e) =>
        new(e.Source, e.Problem, e.JsonPath, e.LineNumber, e.BytePositionInLine, e);

    private static string Format(string source, string problem, string? location, long? line, long? position)
    {
        string where = line is null ? "" : $" (line {line}, byte {position})";
        string at = location is null ? "" : $" at {location}";
        return $"{source}{where}: {problem}{at}";
    }
}
