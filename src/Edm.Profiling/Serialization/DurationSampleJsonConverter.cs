using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edm.Profiling;

/// <summary>
/// Writes a session's duration samples packed (<c>packedDurationsNs</c>, a base64 string; see
/// <see cref="PackedDurations"/>) and leaves <c>durationsNs</c> an empty array; reads either form, and
/// both together as one sample. A 10,000-probe session holds a million sampled durations: as JSON
/// numbers they were most of the file and of the time it took to read, as one string per probe they
/// are a tenth of it.
/// </summary>
/// <remarks>
/// A 1.1 reader ignores the field it does not know and reads an empty sample of the right population:
/// every other figure is intact, and a comparison it makes says Unknown for lack of samples rather than
/// anything false (docs/session-format.md, "samples").
/// </remarks>
internal sealed class DurationSampleJsonConverter : JsonConverter<DurationSample>
{
    private static readonly CompactInt64ArrayConverter s_plainValues = new();

    public override DurationSample? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException();
        }

        long population = 0;
        IReadOnlyList<long> plain = [];
        long[]? packed = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("population"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out population))
                {
                    throw new JsonException();
                }
            }
            else if (reader.ValueTextEquals("durationsNs"u8))
            {
                reader.Read();
                plain = s_plainValues.Read(ref reader, typeof(IReadOnlyList<long>), options) ?? [];
            }
            else if (reader.ValueTextEquals("packedDurationsNs"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out byte[]? bytes))
                {
                    throw new JsonException("packedDurationsNs is not a base64 string");
                }

                packed = PackedDurations.Decode(bytes) ?? throw new JsonException("packedDurationsNs ends inside a value or holds a value beyond 64 bits");
                for (int i = 0; i < packed.Length; i++)
                {
                    if (packed[i] < 0)
                    {
                        throw new JsonException($"packedDurationsNs holds a negative duration ({packed[i]}) at {i}");
                    }
                }
            }
            else
            {
                // Properties of later versions are ignored, as everywhere in the format.
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException();
        }

        return new DurationSample { Population = population, DurationsNs = Join(plain, packed) };
    }

    public override void Write(Utf8JsonWriter writer, DurationSample value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("population"u8, value.Population);
        // Kept, empty, for 1.1 readers and the 1.x schema, which require it.
        writer.WriteStartArray("durationsNs"u8);
        writer.WriteEndArray();
        if (value.DurationsNs.Count > 0)
        {
            writer.WriteBase64String("packedDurationsNs"u8, PackedDurations.Encode(value.DurationsNs));
        }

        writer.WriteEndObject();
    }

    private static IReadOnlyList<long> Join(IReadOnlyList<long> plain, long[]? packed)
    {
        if (packed is null)
        {
            return plain;
        }

        if (plain.Count == 0)
        {
            return packed;
        }

        long[] both = new long[plain.Count + packed.Length];
        for (int i = 0; i < plain.Count; i++)
        {
            both[i] = plain[i];
        }

        packed.CopyTo(both, plain.Count);
        return both;
    }
}
