using System.Text.Json;

namespace Edm.Profiling;

/// <summary>
/// The steps of the hand-written readers (<see cref="MethodStatisticsJsonConverter"/>,
/// <see cref="CallTreeNodeJsonConverter"/>, <see cref="ProbeInfoJsonConverter"/>): anything unexpected throws a bare <see cref="JsonException"/>,
/// and <see cref="SessionJson"/> then lets the generated code say what is wrong.
/// </summary>
internal static class JsonFields
{
    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    internal static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new JsonException(),
        };
    }

    /// <summary>Reads the value after a property name; true (and the reader on it) when it is null.</summary>
    internal static bool NullOr(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null;
    }

    /// <summary>Throws unless the reader is on a token of <paramref name="type"/>.</summary>
    internal static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException();
        }
    }

    /// <summary>Reads the value after a property name as a <c>long</c>.</summary>
    internal static long Int64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return Int64Here(ref reader);
    }

    /// <summary>The value the reader is on as a <c>long</c>.</summary>
    internal static long Int64Here(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : throw new JsonException();

    /// <summary>Reads the value after a property name as an <c>int</c>.</summary>
    internal static int Int32(ref Utf8JsonReader reader)
    {
        reader.Read();
        return Int32Here(ref reader);
    }

    /// <summary>The value the reader is on as an <c>int</c>.</summary>
    internal static int Int32Here(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : throw new JsonException();

    /// <summary>Reads the value after a property name as a string or null.</summary>
    internal static string? StringOrNull(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException(),
        };
    }
}
