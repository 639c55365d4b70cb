using System.Text;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>Writes <see cref="ReportContent"/> in one <see cref="ReportFormat"/>.</summary>
public interface IReportWriter
{
    /// <summary>The format written.</summary>
    ReportFormat Format { get; }

    /// <summary>Writes the report as text.</summary>
    /// <exception cref="ArgumentException">The content lacks what the format needs (e.g. a session for speedscope).</exception>
    /// <exception cref="NotSupportedException">The format is binary (<see cref="ReportFormats.IsBinary"/>): use the <see cref="Stream"/> overload.</exception>
    void Write(ReportContent content, TextWriter output);

    /// <summary>
    /// Writes the report as bytes: UTF-8 without a byte-order mark for the text formats, the format's own
    /// encoding for a binary one. <paramref name="output"/> is left open.
    /// </summary>
    /// <exception cref="ArgumentException">The content lacks what the format needs.</exception>
    void Write(ReportContent content, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        Write(content, text);
    }
}
