using System.Text.Json;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// Reads and writes comparisons and trends as JSON (docs/reports.md): camelCase names, verdicts and
/// metrics as strings, absent values left out. The compared sessions themselves are not written.
/// </summary>
public static class ComparisonJson
{
    /// <summary>The comparison as indented JSON.</summary>
    public static string Serialize(ComparisonReport comparison) =>
        JsonSerializer.Serialize(comparison, ComparisonJsonContext.Default.ComparisonReport);

    /// <summary>Trends as an indented JSON array.</summary>
    public static string Serialize(IReadOnlyList<MethodTrend> trends) =>
        JsonSerializer.Serialize(trends, ComparisonJsonContext.Default.IReadOnlyListMethodTrend);

    /// <summary>Reads a comparison written by <see cref="Serialize(ComparisonReport)"/>.</summary>
    /// <exception cref="JsonException">The text is not a comparison, or its major version is not 1.</exception>
    public static ComparisonReport Deserialize(string json)
    {
        ComparisonReport comparison = JsonSerializer.Deserialize(json, ComparisonJsonContext.Default.ComparisonReport)
            ?? throw new JsonException("The document is null, not a comparison.");
        if (!comparison.SchemaVersion.StartsWith("1.", StringComparison.Ordinal))
        {
            throw new JsonException($"Comparison schemaVersion '{comparison.SchemaVersion}' is not supported; this reader understands 1.x.");
        }

        return comparison;
    }

    /// <summary>Reads trends written by <see cref="Serialize(IReadOnlyList{MethodTrend})"/>.</summary>
    /// <exception cref="JsonException">The text is not a list of trends.</exception>
    public static IReadOnlyList<MethodTrend> DeserializeTrends(string json) =>
        JsonSerializer.Deserialize(json, ComparisonJsonContext.Default.IReadOnlyListMethodTrend)
        ?? throw new JsonException("The document is null, not a list of trends.");
}
