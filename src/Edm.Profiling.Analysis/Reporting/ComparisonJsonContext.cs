using System.Text.Json.Serialization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// Source-generated JSON metadata of the comparison format: camelCase names, enums as strings, nulls
/// left out, indented, no reflection at run time. A ratio that is not a finite number is
/// written as the string <c>"NaN"</c> or <c>"Infinity"</c> rather than failing the whole report.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ComparisonReport))]
[JsonSerializable(typeof(IReadOnlyList<MethodTrend>))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext
{
}
