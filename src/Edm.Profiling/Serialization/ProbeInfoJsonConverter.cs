using System.Text.Json;
using System.Text.Json.Serialization;
using static Edm.Profiling.JsonFields;

namespace Edm.Profiling;

/// <summary>
/// Reads <c>probes[]</c> entries token by token, for the reason and on the terms of
/// <see cref="MethodStatisticsJsonConverter"/>: a fast path whose refusals the generated code explains,
/// and a test that every property of <see cref="ProbeInfo"/> survives it. Enums and the rare
/// <c>unprobedCallSites</c> are left to the generated code, so they read exactly as they always did.
/// </summary>
internal sealed class ProbeInfoJsonConverter : JsonConverter<ProbeInfo>
{
    public override ProbeInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        int id = 0, line = 0;
        string? name = null, declaringType = null, signature = null, file = null, category = null;
        bool hasName = false;
        Layer layer = default;
        ProbeKind kind = default;
        IReadOnlyList<UnprobedSiteCount>? unprobed = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                hasName = true;
                name = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("declaringType"u8))
            {
                declaringType = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                signature = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("file"u8))
            {
                file = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("line"u8))
            {
                line = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("layer"u8))
            {
                reader.Read();
                if (!EnumNames<Layer>.TryRead(ref reader, out layer))
                {
                    layer = JsonSerializer.Deserialize(ref reader, SessionJsonPlainContext.Default.Layer);
                }
            }
            else if (reader.ValueTextEquals("category"u8))
            {
                category = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                if (!EnumNames<ProbeKind>.TryRead(ref reader, out kind))
                {
                    kind = JsonSerializer.Deserialize(ref reader, SessionJsonPlainContext.Default.ProbeKind);
                }
            }
            else if (reader.ValueTextEquals("unprobedCallSites"u8))
            {
                reader.Read();
                unprobed = JsonSerializer.Deserialize(ref reader, SessionJsonPlainContext.Default.IReadOnlyListUnprobedSiteCount);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasName)
        {
            // Required: the generated code's error says so.
            throw new JsonException();
        }

        return new ProbeInfo
        {
            Id = id,
            Name = name!,
            DeclaringType = declaringType,
            Signature = signature,
            File = file,
            Line = line,
            Layer = layer,
            Category = category,
            Kind = kind,
            UnprobedCallSites = unprobed,
        };
    }

    public override void Write(Utf8JsonWriter writer, ProbeInfo value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, SessionJsonPlainContext.Default.ProbeInfo);
}
