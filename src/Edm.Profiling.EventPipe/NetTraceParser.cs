using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// What <see cref="NetTraceParser"/> hands over for each event it was asked for: the thread the event is
/// about, its timestamp (the trace's clock ticks), its stack as an id into <see cref="NetTraceParser.Stacks"/>
/// (-1: none), the version of its payload's layout, and where its payload starts in the stream (for errors).
/// </summary>
internal readonly record struct NetTraceEvent(long ThreadId, long Timestamp, int Stack, int Version, long PayloadOffset);

/// <summary>Who reads the events of a <see cref="NetTraceParser"/>.</summary>
internal interface INetTraceEvents
{
    /// <summary>
    /// The code this reader gives events of <paramref name="provider"/>'s event <paramref name="eventId"/>
    /// (asked once per event type, when the stream describes it); 0: not wanted, skipped unread.
    /// </summary>
    int Classify(string provider, int eventId);

    /// <summary>One event whose type was classified <paramref name="code"/> (not 0), its payload valid for this call only.</summary>
    void OnEvent(int code, in NetTraceEvent header, ReadOnlySpan<byte> payload);
}

/// <summary>
/// Reads an EventPipe stream in the <c>nettrace</c> format (versions 4 and 5: what the runtime sends over
/// its diagnostic port and writes to <c>.nettrace</c> files) as it comes, block by block: the event types
/// described by metadata blocks, the stacks of stack blocks (interned by content, <see cref="Stacks"/>)
/// and the events, of which only those the reader classified are decoded further. Nothing is kept per
/// event: what to count is the reader's business (<see cref="INetTraceEvents"/>).
/// </summary>
/// <remarks>
/// Written for the live in-process reading, where TraceEvent's real-time parser cost the program about a
/// CPU second per few seconds sampled. Format: the "NetTrace" format description (version 5) of
/// TraceEvent's documentation. A stream that does not follow it ends the reading with an
/// <see cref="InvalidDataException"/> naming the byte offset and what was expected there.
/// </remarks>
internal sealed class NetTraceParser(Stream stream, INetTraceEvents events, InternedStacks? stacks = null)
{
    private const byte NullReference = 1;
    private const byte BeginPrivateObject = 5;
    private const byte EndObject = 6;

    /// <summary>No block the runtime writes comes near this; a larger size means the stream is corrupt.</summary>
    private const int MaxBlockBytes = 64 << 20;

    private readonly Dictionary<int, (int Code, int Version)> _types = [];
    private readonly Dictionary<int, int> _stackIds = [];
    private readonly byte[] _typeName = new byte[256];
    private int _typeNameLength;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _offset; // the stream offset of _buffer[_start]

    /// <summary>The distinct stacks of the stream, innermost frame first (shared with other streams' parsers when given).</summary>
    internal InternedStacks Stacks { get; } = stacks ?? new();

    /// <summary>Ticks of the trace's clock per second (from its header).</summary>
    internal long TicksPerSecond { get; private set; }

    /// <summary>The clock's reading when the trace began (from its header).</summary>
    internal long StartTicks { get; private set; }

    /// <summary>The format version of the stream (4 or 5).</summary>
    internal int FormatVersion { get; private set; }

    /// <summary>The size of an address in the traced process (4 or 8 bytes).</summary>
    internal int PointerSize { get; private set; }

    /// <summary>Reads the stream to its end.</summary>
    /// <exception cref="InvalidDataException">The stream is not a nettrace stream this reader knows, or ends early.</exception>
    internal void ReadAll()
    {
        ReadHeader();
        while (true)
        {
            byte tag = ReadByte("an object or the end of the stream");
            if (tag == NullReference)
            {
                return;
            }

            Expect(tag == BeginPrivateObject, tag, "an object or the end of the stream");
            ReadTypeHeader(out _, out _);
            int size = ReadInt32("a block size");
            if (size < 0 || size > MaxBlockBytes)
            {
                throw Malformed($"a {TypeName()} of {size} bytes");
            }

            Skip(Padding(_offset));
            long blockOffset = _offset;
            ReadOnlySpan<byte> block = Take(size, "a block");

            // The type's name compared byte by byte, not decoded: the framework's decoding, once tiering made it
            // hot, would call code for the first time while the program runs (LiveReaderWarmUp says why that matters).
            if (IsType("EventBlock"u8))
            {
                ReadEvents(block, blockOffset, metadata: false);
            }
            else if (IsType("MetadataBlock"u8))
            {
                ReadEvents(block, blockOffset, metadata: true);
            }
            else if (IsType("StackBlock"u8))
            {
                ReadStacks(block, blockOffset);
            }
            else if (IsType("SPBlock"u8))
            {
                _stackIds.Clear(); // stack ids do not reach over a sequence point
            }

            // Any other type is a block of a later format: skipped.

            Expect(ReadByte("the end of a block") is var end && end == EndObject, end, "the end of a block");
        }
    }

    private void ReadHeader()
    {
        Expect(Encoding.ASCII.GetString(Take(8, "the stream's magic")) == "Nettrace", 0, "the 'Nettrace' magic");
        int length = ReadInt32("the serialization header");
        Expect(length == 20 && Encoding.ASCII.GetString(Take(20, "the serialization header")) == "!FastSerialization.1", length, "'!FastSerialization.1'");
        Expect(ReadByte("the trace object") == BeginPrivateObject, 0, "the trace object");
        ReadTypeHeader(out int version, out int minimumReader);
        Expect(TypeName() == "Trace", 0, "the trace object");
        if (minimumReader > 5 || version < 4)
        {
            throw new InvalidDataException($"nettrace format version {version} (readable from version {minimumReader}) is not one this reader knows (4, 5)");
        }

        FormatVersion = version;
        ReadOnlySpan<byte> fields = Take(48, "the trace object");
        StartTicks = BinaryPrimitives.ReadInt64LittleEndian(fields[16..]);
        TicksPerSecond = BinaryPrimitives.ReadInt64LittleEndian(fields[24..]);
        PointerSize = BinaryPrimitives.ReadInt32LittleEndian(fields[32..]);
        if (PointerSize is not (4 or 8) || TicksPerSecond <= 0)
        {
            throw Malformed($"a trace object with pointer size {PointerSize} and clock frequency {TicksPerSecond}");
        }

        Expect(ReadByte("the end of the trace object") is var end && end == EndObject, end, "the end of the trace object");
    }

    /// <summary>An object's type: BeginPrivateObject, NullReference, version, minimum reader version, name (kept, <see cref="IsType"/>), EndObject.</summary>
    private void ReadTypeHeader(out int version, out int minimumReader)
    {
        Expect(ReadByte("a type") is var begin && begin == BeginPrivateObject, begin, "a type");
        Expect(ReadByte("a type") is var none && none == NullReference, none, "a type's null type");
        version = ReadInt32("a type's version");
        minimumReader = ReadInt32("a type's version");
        int length = ReadInt32("a type name");
        if (length is < 0 or > 256)
        {
            throw Malformed($"a type name of {length} bytes");
        }

        ReadOnlySpan<byte> name = Take(length, "a type name");
        for (int i = 0; i < name.Length; i++)
        {
            _typeName[i] = name[i];
        }

        _typeNameLength = name.Length;
        Expect(ReadByte("the end of a type") is var end && end == EndObject, end, "the end of a type");
    }

    /// <summary>Whether the last type read is named <paramref name="name"/> (ASCII).</summary>
    private bool IsType(ReadOnlySpan<byte> name)
    {
        if (name.Length != _typeNameLength)
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] != _typeName[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The last type's name, decoded (for the header's check and for errors).</summary>
    private string TypeName() => Encoding.UTF8.GetString(_typeName, 0, _typeNameLength);

    /// <summary>The event blobs of an event or metadata block (header compression, or the fixed layout when off).</summary>
    private void ReadEvents(ReadOnlySpan<byte> block, long blockOffset, bool metadata)
    {
        var reader = new NetTraceBlob(block, blockOffset);
        int headerSize = reader.Int16();
        bool compressed = (reader.Int16() & 1) != 0;
        reader.MoveTo(headerSize);

        // Each header field not given is the previous event's (zero at the start of a block).
        int metadataId = 0, stackId = 0, payloadSize = 0;
        long threadId = 0, timestamp = 0;
        while (!reader.AtEnd)
        {
            ReadOnlySpan<byte> payload;
            if (compressed)
            {
                byte flags = reader.Byte();
                if ((flags & 1) != 0)
                {
                    metadataId = (int)reader.VarUInt32();
                }

                if ((flags & 2) != 0)
                {
                    reader.VarUInt32(); // sequence number
                    reader.VarUInt64(); // capturing thread
                    reader.VarUInt32(); // processor
                }

                if ((flags & 4) != 0)
                {
                    threadId = (long)reader.VarUInt64();
                }

                if ((flags & 8) != 0)
                {
                    stackId = (int)reader.VarUInt32();
                }

                timestamp += (long)reader.VarUInt64();
                reader.Skip(((flags & 16) != 0 ? 16 : 0) + ((flags & 32) != 0 ? 16 : 0)); // activity ids
                if ((flags & 128) != 0)
                {
                    payloadSize = (int)reader.VarUInt32();
                }

                payload = reader.Bytes(payloadSize);
            }
            else
            {
                reader.Int32(); // event size
                metadataId = reader.Int32() & 0x7FFFFFFF;
                reader.Int32(); // sequence number
                threadId = reader.Int64();
                reader.Skip(8 + 4); // capturing thread, processor
                stackId = reader.Int32();
                timestamp = reader.Int64();
                reader.Skip(32); // activity ids
                payloadSize = reader.Int32();
                payload = reader.Bytes(payloadSize);
                reader.Skip(Padding(reader.Offset));
            }

            if (metadata)
            {
                Describe(payload, reader.Offset - payload.Length);
            }
            else if (_types.TryGetValue(metadataId, out var type) && type.Code != 0)
            {
                int stack = stackId == 0 ? -1 : _stackIds.GetValueOrDefault(stackId, -1);
                events.OnEvent(type.Code, new NetTraceEvent(threadId, timestamp, stack, type.Version, reader.Offset - payload.Length), payload);
            }
        }
    }

    /// <summary>One metadata record: id, provider, event id, event name, keywords, version, level (the field layout after it is not needed).</summary>
    private void Describe(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new NetTraceBlob(payload, offset);
        int id = reader.Int32();
        string provider = reader.Utf16();
        int eventId = reader.Int32();
        reader.Utf16(); // event name (empty for the runtime's own events)
        reader.Int64(); // keywords
        int version = reader.Int32();
        _types[id] = (events.Classify(provider, eventId), version);
    }

    private void ReadStacks(ReadOnlySpan<byte> block, long blockOffset)
    {
        var reader = new NetTraceBlob(block, blockOffset);
        int firstId = reader.Int32();
        int count = reader.Int32();
        Span<ulong> addresses = stackalloc ulong[256];
        for (int i = 0; i < count; i++)
        {
            int size = reader.Int32();
            ReadOnlySpan<byte> bytes = reader.Bytes(size);
            int frames = size / PointerSize;
            if (frames == 0)
            {
                _stackIds[firstId + i] = -1;
                continue;
            }

            Span<ulong> frameAddresses = frames <= addresses.Length ? addresses[..frames] : new ulong[frames];
            if (PointerSize == 8)
            {
                MemoryMarshal.Cast<byte, ulong>(bytes[..(frames * 8)]).CopyTo(frameAddresses);
            }
            else
            {
                for (int f = 0; f < frames; f++)
                {
                    frameAddresses[f] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(f * 4)..]);
                }
            }

            _stackIds[firstId + i] = Stacks.Intern(frameAddresses);
        }
    }

    private static int Padding(long offset) => (int)((4 - (offset & 3)) & 3);

    private static void Expect(bool condition, int seen, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException($"the nettrace stream does not hold {what} where expected (read {seen})");
        }
    }

    private InvalidDataException Malformed(string what) =>
        new($"the nettrace stream holds {what} at byte {_offset}, which is not a valid nettrace stream");

    private byte ReadByte(string what) => Take(1, what)[0];

    private int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    private void Skip(int count) => Take(count, "padding");

    /// <summary>The next <paramref name="count"/> bytes of the stream, valid until the next read.</summary>
    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (_end - _start < count)
        {
            Fill(count, what);
        }

        var taken = new ReadOnlySpan<byte>(_buffer, _start, count);
        _start += count;
        _offset += count;
        return taken;
    }

    private void Fill(int count, string what)
    {
        int unread = _end - _start;
        if (_buffer.Length < count)
        {
            // Doubled, but kept below the large-object threshold where the block fits there (a block the warm-up sends):
            // large-object arrays bring the program's first gen-2 collection forward.
            int doubled = _buffer.Length * 2;
            var larger = new byte[Math.Max(count, count <= SyntheticNetTrace.SmallObjectBytes ? Math.Min(doubled, SyntheticNetTrace.SmallObjectBytes) : doubled)];
            Buffer.BlockCopy(_buffer, _start, larger, 0, unread);
            _buffer = larger;
        }
        else
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
        }

        _start = 0;
        _end = unread;
        while (_end < count)
        {
            int read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                throw new InvalidDataException($"the nettrace stream ends at byte {_offset + _end} in the middle of {what}");
            }

            _end += read;
        }
    }
}
