using System.Buffers;

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
        // At most one value a byte; decoded into a buffer of that size and copied out at the exact count.
        long[] buffer = ArrayPool<long>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            int count = 0;
            long previous = 0;
            ulong zigzag = 0;
            int shift = 0;
            foreach (byte b in bytes)
            {
                if (shift == 63 && b > 1)
                {
                    // The tenth byte holds the 64th bit and nothing more.
                    return null;
                }

                zigzag |= (ulong)(b & 0x7F) << shift;
                if (b >= 0x80)
                {
                    shift += 7;
                    continue;
                }

                previous = unchecked(previous + ((long)(zigzag >> 1) ^ -(long)(zigzag & 1)));
                buffer[count++] = previous;
                zigzag = 0;
                shift = 0;
            }

            return shift == 0 ? buffer.AsSpan(0, count).ToArray() : null;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(buffer);
        }
    }
}
