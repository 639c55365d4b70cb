using System.Buffers;
using System.Buffers.Text;
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
    private const string Unreadable = "packedDurationsNs ends inside a value or holds a value beyond 64 bits";

    private static readonly CompactInt64ArrayConverter s_plainValues = new();

    public override DurationSample? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException();
        }

        long population = 0;
        IReadOnlyList<long> plain = [];
        PackedDurationList? packed = null;
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
                packed = ReadPacked(ref reader);
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

    /// <summary>
    /// The values of the base64 string the reader is on, checked (they decode, none is negative) and kept
    /// packed (<see cref="PackedDurationList"/>). The string is decoded from the reader's own bytes into
    /// pooled buffers, so a clean value leaves one small array behind: its bytes.
    /// </summary>
    private static PackedDurationList ReadPacked(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("packedDurationsNs is not a base64 string");
        }

        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            // Base64 has nothing to escape, but JSON allows it: the reader unescapes.
            return reader.TryGetBytesFromBase64(out byte[]? unescaped) ? Check(unescaped) : throw new JsonException("packedDurationsNs is not a base64 string");
        }

        ReadOnlySpan<byte> base64 = reader.ValueSpan;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, Base64.GetMaxDecodedFromUtf8Length(base64.Length)));
        try
        {
            if (Base64.DecodeFromUtf8(base64, bytes, out int consumed, out int written) != OperationStatus.Done || consumed != base64.Length)
            {
                throw new JsonException("packedDurationsNs is not a base64 string");
            }

            return Check(bytes.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The packed bytes kept, once they are known to decode to durations that are not negative.</summary>
    private static PackedDurationList Check(ReadOnlySpan<byte> packed)
    {
        int count = PackedDurations.Count(packed);
        if (count < 0)
        {
            throw new JsonException(Unreadable);
        }

        long[] values = ArrayPool<long>.Shared.Rent(Math.Max(1, count));
        try
        {
            if (!PackedDurations.DecodeInto(packed, values.AsSpan(0, count)))
            {
                throw new JsonException(Unreadable);
            }

            for (int i = 0; i < count; i++)
            {
                if (values[i] < 0)
                {
                    throw new JsonException($"packedDurationsNs holds a negative duration ({values[i]}) at {i}");
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(values);
        }

        return new PackedDurationList(packed.ToArray(), count);
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
            // Samples read packed are written as read.
            writer.WriteBase64String("packedDurationsNs"u8, value.DurationsNs is PackedDurationList packed ? packed.Packed : PackedDurations.Encode(value.DurationsNs));
        }

        writer.WriteEndObject();
    }

    private static IReadOnlyList<long> Join(IReadOnlyList<long> plain, PackedDurationList? packed)
    {
        if (packed is null)
        {
            return plain;
        }

        if (plain.Count == 0)
        {
            return packed;
        }

        long[] both = new long[plain.Count + packed.Count];
        for (int i = 0; i < plain.Count; i++)
        {
            both[i] = plain[i];
        }

        packed.Values.CopyTo(both, plain.Count);
        return both;
    }
}
