namespace Edm.Profiling.Analysis.Reporting;

/// <summary>Writes <see cref="ReportContent"/> in one <see cref="ReportFormat"/>.</summary>
public interface IReportWriter
{
    /// <summary>The format written.</summary>
    ReportFormat Format { get; }

    /// <summary>Writes the report as text.</summary>
    /// <exception cref="ArgumentException">The content lacks what the format needs (e.g. a session for speedscope).</exception>
    void Write(ReportContent content, TextWriter output);
}
