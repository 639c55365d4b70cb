using System.Text.Json.Serialization;

namespace Edm.Tracks.Output;

/// <summary>Source-generated serialisation of <see cref="TrackJson"/> (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(TrackJson[]))]
public sealed partial class AnalysisJsonContext : JsonSerializerContext;
