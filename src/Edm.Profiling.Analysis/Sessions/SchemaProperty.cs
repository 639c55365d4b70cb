using System.Text.Json;

namespace Edm.Profiling.Analysis;

/// <summary>Reads a JSON document's top-level <c>$schema</c>, which our writers put first, without reading the rest.</summary>
internal static class SchemaProperty
{
    /// <summary>The <c>$schema</c> string, or null when the document is not an object, has none, or is malformed before it.</summary>
    internal static string? Read(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isSchema = reader.ValueTextEquals("$schema"u8);
                reader.Read();
                if (isSchema)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed: the reader of the whole file says where.
        }

        return null;
    }
}
