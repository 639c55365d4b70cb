namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// JSON: a comparison in the comparison format (<see cref="ComparisonJson"/>) when the content has
/// one, else the session in the session format (<see cref="SessionJson"/>), else the trends.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Json;

    /// <inheritdoc />
    public void Write(ReportContent content, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        string json = content switch
        {
            { Comparison: { } comparison } => ComparisonJson.Serialize(comparison),
            { Session: { } session } => SessionJson.Serialize(session),
            { Trends.Count: > 0 } => ComparisonJson.Serialize(content.Trends),
            _ => throw new ArgumentException("The json format needs a session, a comparison or trends; this report has none."),
        };
        output.Write(json);
        output.Write('\n');
    }
}
