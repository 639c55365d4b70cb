using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edm.Profiling;

/// <summary>
/// Writes integer arrays (duration samples, histogram buckets, per-run calls) on one line inside
/// the indented document. Indented JSON puts each element on a line of its own, which makes a
/// 10,000-probe baseline five times larger and slower to read, and its diffs no easier to review.
/// Reading is as strict as the default: anything but an integer is an error at its path.
/// </summary>
internal abstract class CompactArrayConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException();
        }

        // Collect into a pooled buffer and copy out once: a growing list would leave twice the
        // result in garbage, and a baseline holds millions of these values.
        T[] buffer = ArrayPool<T>.Shared.Rent(256);
        int count = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    return buffer.AsSpan(0, count).ToArray();
                }

                if (reader.TokenType != JsonTokenType.Number || !TryGet(ref reader, out T value))
                {
                    throw new JsonException();
                }

                if (count == buffer.Length)
                {
                    T[] larger = ArrayPool<T>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<T>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = value;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }

        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(2 + (value.Count * 21));
        try
        {
            int length = 0;
            buffer[length++] = (byte)'[';
            for (int i = 0; i < value.Count; i++)
            {
                if (i > 0)
                {
                    buffer[length++] = (byte)',';
                }

                length += Format(value[i], buffer.AsSpan(length));
            }

            buffer[length++] = (byte)']';
            writer.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected abstract bool TryGet(ref Utf8JsonReader reader, out T value);

    protected abstract int Format(T value, Span<byte> destination);
}

/// <summary>Compact <c>long</c> arrays.</summary>
internal sealed class CompactInt64ArrayConverter : CompactArrayConverter<long>
{
    protected override bool TryGet(ref Utf8JsonReader reader, out long value) => reader.TryGetInt64(out value);

    protected override int Format(long value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out int written) ? written : throw new InvalidOperationException("buffer too small");
}

/// <summary>Compact <c>int</c> arrays.</summary>
internal sealed class CompactInt32ArrayConverter : CompactArrayConverter<int>
{
    protected override bool TryGet(ref Utf8JsonReader reader, out int value) => reader.TryGetInt32(out value);

    protected override int Format(int value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out int written) ? written : throw new InvalidOperationException("buffer too small");
}
