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
        // Every value ends with the one byte of its varint below 0x80: that many values.
        int count = 0;
        foreach (byte b in bytes)
        {
            if (b < 0x80)
            {
                count++;
            }
        }

        long[] values = new long[count];
        long previous = 0;
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            ulong zigzag = 0;
            int shift = 0;
            byte b;
            do
            {
                b = bytes[at++];
                if (shift == 63 && b > 1)
                {
                    // The tenth byte holds the 64th bit and nothing more.
                    return null;
                }

                zigzag |= (ulong)(b & 0x7F) << shift;
                shift += 7;
            }
            while (b >= 0x80);

            long delta = unchecked((long)(zigzag >> 1) ^ -(long)(zigzag & 1));
            previous = unchecked(previous + delta);
            values[i] = previous;
        }

        return at == bytes.Length ? values : null;
    }
}
