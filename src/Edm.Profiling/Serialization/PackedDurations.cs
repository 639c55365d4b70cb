namespace Edm.Profiling;

/// <summary>
/// The bytes of <c>samples.packedDurationsNs</c> (docs/session-format.md, "samples"): each value as its
/// difference from the previous one (the first from 0), zigzag-mapped to an unsigned number and written
/// as a LEB128 varint, 7 bits a byte, low bits first. The runtime writes its samples sorted, so the
/// differences are small: one or two bytes a value where the JSON array spent a line of twenty.
/// </summary>
/// <remarks>Protocol Buffers packs <c>sint64</c> fields the same way, so any language has a decoder at hand.</remarks>
internal static class PackedDurations
{
    /// <summary>Most bytes one value takes: 64 bits in 7-bit groups.</summary>
    private const int MaxBytesPerValue = 10;

    internal static byte[] Encode(IReadOnlyList<long> values)
    {
        byte[] buffer = new byte[values.Count * MaxBytesPerValue];
        int length = 0;
        long previous = 0;
        for (int i = 0; i < values.Count; i++)
        {
            long delta = unchecked(values[i] - previous);
            previous = values[i];
            ulong zigzag = unchecked((ulong)((delta << 1) ^ (delta >> 63)));
            while (zigzag >= 0x80)
            {
                buffer[length++] = (byte)(zigzag | 0x80);
                zigzag >>= 7;
            }

            buffer[length++] = (byte)zigzag;
        }

        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>The values, or null when the bytes end inside a value or a value does not fit 64 bits.</summary>
    internal static long[]? Decode(ReadOnlySpan<byte> bytes)
    {
        int count = Count(bytes);
        if (count < 0)
        {
            return null;
        }

        long[] values = new long[count];
        return DecodeInto(bytes, values) ? values : null;
    }

    /// <summary>
    /// How many values the bytes hold, or -1 when they end inside one. Every value ends with its one byte
    /// that has the high bit clear, so counting those sizes the result exactly.
    /// </summary>
    internal static int Count(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0 && bytes[^1] >= 0x80)
        {
            return -1;
        }

        int count = 0;
        foreach (byte b in bytes)
        {
            count += (b >> 7) ^ 1;
        }

        return count;
    }

    /// <summary>
    /// Decodes into <paramref name="values"/>, exactly <see cref="Count"/> long (so the bytes cannot end
    /// inside a value); false when a value does not fit 64 bits.
    /// </summary>
    internal static bool DecodeInto(ReadOnlySpan<byte> bytes, Span<long> values)
    {
        long previous = 0;
        int at = 0;
        for (int i = 0; i < values.Length; i++)
        {
            ulong zigzag = bytes[at++];
            if (zigzag >= 0x80)
            {
                // Several bytes (the rarer case for sorted samples): 7 bits each, low bits first.
                zigzag &= 0x7F;
                int shift = 7;
                while (true)
                {
                    byte b = bytes[at++];
                    if (shift == 63 && b > 1)
                    {
                        // The tenth byte holds the 64th bit and nothing more.
                        return false;
                    }

                    zigzag |= (ulong)(b & 0x7F) << shift;
                    if (b < 0x80)
                    {
                        break;
                    }

                    shift += 7;
                }
            }

            previous = unchecked(previous + ((long)(zigzag >> 1) ^ -(long)(zigzag & 1)));
            values[i] = previous;
        }

        return true;
    }
}
