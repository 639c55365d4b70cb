using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Reads the fields of one block or event payload of a nettrace stream, little-endian, each read checked
/// against its end: a field past it is an <see cref="InvalidDataException"/> naming the stream offset.
/// </summary>
internal ref struct NetTraceBlob(ReadOnlySpan<byte> data, long streamOffset)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    internal readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The stream offset of the next byte.</summary>
    internal readonly long Offset => streamOffset + _position;

    internal void MoveTo(int position)
    {
        Check(position - _position);
        _position = position;
    }

    internal void Skip(int count)
    {
        Check(count);
        _position += count;
    }

    internal byte Byte()
    {
        Check(1);
        return _data[_position++];
    }

    internal short Int16() => BinaryPrimitives.ReadInt16LittleEndian(Bytes(2));

    internal int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

    internal long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

    internal ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));

    internal uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

    internal ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));

    internal Guid Guid() => new(Bytes(16));

    internal ReadOnlySpan<byte> Bytes(int count)
    {
        Check(count);
        ReadOnlySpan<byte> bytes = _data.Slice(_position, count);
        _position += count;
        return bytes;
    }

    internal uint VarUInt32()
    {
        ulong value = VarUInt64();
        return value <= uint.MaxValue ? (uint)value : throw Corrupt("a variable-length number out of range");
    }

    internal ulong VarUInt64()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Corrupt("a variable-length number of more than 10 bytes");
    }

    /// <summary>A null-terminated UTF-16 string.</summary>
    internal string Utf16() => new(Utf16Chars());

    /// <summary>Steps over a null-terminated UTF-16 string without reading it into a string.</summary>
    internal void SkipUtf16() => Utf16Chars();

    private ReadOnlySpan<char> Utf16Chars()
    {
        ReadOnlySpan<byte> rest = _data[_position..];
        ReadOnlySpan<char> chars = MemoryMarshal.Cast<byte, char>(rest[..(rest.Length & ~1)]);
        int length = chars.IndexOf('\0');
        if (length < 0)
        {
            throw Corrupt("a string without its end");
        }

        _position += (length + 1) * 2;
        return chars[..length];
    }

    private readonly void Check(int count)
    {
        if (count < 0 || _position + count > _data.Length)
        {
            throw Corrupt($"a field of {count} bytes past the end of its block");
        }
    }

    private readonly InvalidDataException Corrupt(string what) =>
        new($"the nettrace stream holds {what} at byte {Offset}");
}
