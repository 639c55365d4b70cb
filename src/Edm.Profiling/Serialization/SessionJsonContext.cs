using System.Text.Json.Serialization;

namespace Edm.Profiling;

/// <summary>
/// Source-generated JSON metadata of the session format: camelCase names, enums as strings, nulls
/// left out, no reflection at run time. Integer arrays (histograms, timelines) are written on one line
/// each and duration samples packed, and <c>probes[]</c>, <c>methods[]</c> and <c>callTree[]</c> are read by hand-written readers:
/// a large session is mostly those, and they were most of the time a load took.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    Converters = [typeof(CompactInt64ArrayConverter), typeof(CompactInt32ArrayConverter), typeof(DurationSampleJsonConverter), typeof(MethodStatisticsJsonConverter), typeof(CallTreeNodeJsonConverter), typeof(ProbeInfoJsonConverter)])]
[JsonSerializable(typeof(SessionReport))]
[JsonSerializable(typeof(SchemaVersionHeader))]
internal sealed partial class SessionJsonContext : JsonSerializerContext
{
}

/// <summary>
/// The same format with the generated code alone (no hand-written readers): it writes what those
/// read, and reads a document again when the fast reader refused it, so the error
/// names the exact property.
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
internal sealed partial class SessionJsonPlainContext : JsonSerializerContext
{
}

/// <summary>The one field read before the rest, so a newer major version fails with a clear message.</summary>
internal sealed record SchemaVersionHeader
{
    public string? SchemaVersion { get; init; }
}
