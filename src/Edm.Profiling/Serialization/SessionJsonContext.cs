using System.Text.Json.Serialization;

namespace Edm.Profiling;

/// <summary>
/// Source-generated JSON metadata of the session format: camelCase names, enums as strings, nulls
/// left out, no reflection at run time. Integer arrays (histograms, timelines) are written on one line
/// each and duration samples packed: a large session is mostly those, and reading them as one JSON
/// token per line was most of the time a load took.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    Converters = [typeof(CompactInt64ArrayConverter), typeof(CompactInt32ArrayConverter), typeof(DurationSampleJsonConverter)])]
[JsonSerializable(typeof(SessionReport))]
[JsonSerializable(typeof(SchemaVersionHeader))]
internal sealed partial class SessionJsonContext : JsonSerializerContext
{
}

/// <summary>The one field read before the rest, so a newer major version fails with a clear message.</summary>
internal sealed record SchemaVersionHeader
{
    public string? SchemaVersion { get; init; }
}
