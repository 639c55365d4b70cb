using System.Text.Json.Serialization;

namespace Edm.Profiling;

/// <summary>
/// Source-generated JSON metadata of the session format: camelCase names, enums as strings, nulls
/// left out, no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
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
