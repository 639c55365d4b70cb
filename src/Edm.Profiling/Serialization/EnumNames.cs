using System.Text;
using System.Text.Json;

namespace Edm.Profiling;

/// <summary>
/// Reads an enum written by its name, as the session writer writes it ("Detailed", "Method"), without
/// the serializer: handing the reader to <see cref="JsonSerializer"/> for one small value set up a read
/// state each time, twice for each of a large session's 10,000 probes. Anything else (another case, a
/// number, an escaped name) is left to the serializer, which reads it as before.
/// </summary>
internal static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (byte[] Name, TEnum Value)[] s_names = Build();

    /// <summary>True, with the value, when the reader is on a string that is exactly one of the names.</summary>
    internal static bool TryRead(ref Utf8JsonReader reader, out TEnum value)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            ReadOnlySpan<byte> text = reader.ValueSpan;
            foreach ((byte[] name, TEnum candidate) in s_names)
            {
                if (text.SequenceEqual(name))
                {
                    value = candidate;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static (byte[] Name, TEnum Value)[] Build()
    {
#if NET
        string[] names = Enum.GetNames<TEnum>();
#else
        string[] names = Enum.GetNames(typeof(TEnum));
#endif
        var result = new (byte[] Name, TEnum Value)[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            _ = Enum.TryParse(names[i], out TEnum value);
            result[i] = (Encoding.UTF8.GetBytes(names[i]), value);
        }

        return result;
    }
}
