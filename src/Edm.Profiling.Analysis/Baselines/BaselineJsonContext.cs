using System.Text.Json.Serialization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Source-generated JSON metadata of the baseline format: the options of the session format
/// (camelCase, enums as strings, nulls left out, no comments or trailing commas), integer arrays
/// on one line each, no reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    Converters = [typeof(CompactInt64ArrayConverter), typeof(CompactInt32ArrayConverter)])]
[JsonSerializable(typeof(Baseline))]
[JsonSerializable(typeof(BranchPointer))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext
{
}

/// <summary>
/// The fields read before the rest: the format identifier and version (so a newer major version fails
/// with that message, not with whatever field it changed) and what a listing shows.
/// </summary>
internal sealed record BaselineHeader
{
    public string? Schema { get; init; }

    public string? SchemaVersion { get; init; }

    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Commit { get; init; }

    public string? Branch { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
