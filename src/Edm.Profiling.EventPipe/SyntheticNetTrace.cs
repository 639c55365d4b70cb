using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// A made-up <c>nettrace</c> stream (format version 5, compressed event headers, as the runtime sends over its
/// diagnostic port) that holds every kind of event and block the live readers decode (<see cref="LiveTallies"/>,
/// <see cref="WindowSamples"/>): samples of both kinds, with and without stacks; method loads, IL maps and
/// module loads of both layouts, live and from the rundown; <c>AllocationSampled</c>; <c>GCAllocationTick</c>
/// of the old and new layouts; events no reader wants; stack blocks (a stack longer than the parser's stack
/// buffer too), sequence points, a block of an unknown type, and a block larger than the parser's first buffer.
/// Several events of each kind, so the readers' tables grow past their first size as in a real stream.
/// </summary>
/// <remarks>
/// Read once on a reader thread before its real stream (<see cref="LiveReaderWarmUp"/>), it makes the JIT
/// compile everything that reading will call, in one burst at the session's start.
/// </remarks>
internal static class SyntheticNetTrace
{
    /// <summary>Events of each kind: enough for each reader's dictionaries and lists to grow a few times.</summary>
    internal const int EventsPerKind = 24;

    private const string Rundown = "Microsoft-Windows-DotNETRuntimeRundown";

    // Metadata ids of the made-up stream's event types.
    private const int Sample = 1;
    private const int MethodLoad = 2;
    private const int MethodMap = 3;
    private const int ModuleLoad = 4;
    private const int ModuleLoadVersion1 = 5;
    private const int AllocationSampled = 6;
    private const int AllocationTick = 7;
    private const int AllocationTickVersion1 = 8;
    private const int RundownMethod = 9;
    private const int RundownMap = 10;
    private const int RundownModule = 11;
    private const int UnwantedRuntimeEvent = 12;
    private const int OtherProvider = 13;

    /// <summary>The first stack id of the stack block; ids below it, and 0, name no known stack.</summary>
    private const int FirstStackId = 1;

    /// <summary>Distinct stacks in the stack block: the last is longer than the parser's 256-frame buffer, the first is empty.</summary>
    private const int Stacks = 12;

    /// <summary>
    /// Below the runtime's large-object threshold (85,000 bytes): the warm-up's arrays stay out of the large object heap,
    /// whose allocations bring the first gen-2 collection forward (a blocking one, in the program's start-up, and in its
    /// session's gc section; benchmarks/README.md, "Memory overhead, tenth wave-2 session").
    /// </summary>
    internal const int SmallObjectBytes = 84_000;

    /// <summary>The stream, with addresses of <paramref name="pointerSize"/> bytes (this process's by default).</summary>
    /// <param name="pointerSize">The traced process's address size (0: this process's).</param>
    /// <param name="variant">Another number gives other methods, modules, types and threads (the same kinds of events).</param>
    internal static byte[] EveryKind(int pointerSize = 0, int variant = 0) =>
        [.. EveryKindInSegments(pointerSize, variant).SelectMany(segment => segment)];

    /// <summary>
    /// The same stream in pieces of at most <see cref="SmallObjectBytes"/> each, built without a larger array (read
    /// them in order, <see cref="SegmentStream"/>): what the warm-up reads.
    /// </summary>
    internal static IReadOnlyList<byte[]> EveryKindInSegments(int pointerSize = 0, int variant = 0)
    {
        pointerSize = pointerSize > 0 ? pointerSize : IntPtr.Size;
        var stream = new Writer();
        stream.Header(pointerSize);
        stream.Block("MetadataBlock", Metadata());
        stream.Block("StackBlock", StackBlock(pointerSize));
        stream.Block("EventBlock", Events(pointerSize, variant));
        stream.Block("SPBlock", SequencePoint());
        stream.Block("StackBlock", StackBlock(pointerSize));
        stream.Block("EventBlock", Events(pointerSize, variant));
        stream.Block("EventBlock", LargeBlock());
        stream.Block("FutureBlock", new byte[12]);
        stream.End();
        return stream.Segments();
    }

    private static byte[] Metadata()
    {
        var block = new EventBlock();
        block.Metadata(Sample, SamplingProviders.SampleProfiler, 0, 0);
        block.Metadata(MethodLoad, SamplingProviders.Runtime, 143, 1);
        block.Metadata(MethodMap, SamplingProviders.Runtime, 190, 0);
        block.Metadata(ModuleLoad, SamplingProviders.Runtime, 152, 2);
        block.Metadata(ModuleLoadVersion1, SamplingProviders.Runtime, 152, 1);
        block.Metadata(AllocationSampled, SamplingProviders.Runtime, 303, 0);
        block.Metadata(AllocationTick, SamplingProviders.Runtime, 10, 4);
        block.Metadata(AllocationTickVersion1, SamplingProviders.Runtime, 10, 1);
        block.Metadata(RundownMethod, Rundown, 144, 1);
        block.Metadata(RundownMap, Rundown, 150, 0);
        block.Metadata(RundownModule, Rundown, 154, 2);
        block.Metadata(UnwantedRuntimeEvent, SamplingProviders.Runtime, 1, 2);
        block.Metadata(OtherProvider, "Edm-Profiling-Made-Up", 1, 0);
        return block.ToArray();
    }

    /// <summary>Stack i has i frames (the last one more than 256); the addresses lie in the made-up methods' code.</summary>
    private static byte[] StackBlock(int pointerSize)
    {
        var block = new Fields();
        block.Int32(FirstStackId);
        block.Int32(Stacks);
        for (int i = 0; i < Stacks; i++)
        {
            int frames = i == Stacks - 1 ? 300 : i;
            block.Int32(frames * pointerSize);
            for (int f = 0; f < frames; f++)
            {
                block.Pointer(CodeStart(f % EventsPerKind) + 0x10, pointerSize);
            }
        }

        return block.ToArray();
    }

    /// <summary>
    /// The events, kind by kind as a rundown sends them: the method loads before their IL maps, and the rundown's maps
    /// before its methods, so the pairing tables fill up both ways before they empty.
    /// </summary>
    private static byte[] Events(int pointerSize, int variant)
    {
        var block = new EventBlock();
        int first = variant * 4 * EventsPerKind;
        void Each(Action<int, long, int> write)
        {
            for (int n = 0; n < EventsPerKind; n++)
            {
                write(first + n, 100 + (n % 5) + (10 * variant), n % (Stacks + 2)); // stack 0 (none), known ids, and one past the block's
            }
        }

        Each((i, thread, stack) => block.Event(Sample, thread, stack, Payload.Sample(i % 3 == 0 ? ThreadSample.External : ThreadSample.Managed)));
        Each((i, thread, _) => block.Event(MethodLoad, thread, 0, Payload.Method(i)));
        Each((i, thread, _) => block.Event(MethodMap, thread, 0, Payload.Map(i)));
        Each((i, thread, _) => block.Event(ModuleLoad, thread, 0, Payload.Module(i, withPdb: true)));
        Each((i, thread, _) => block.Event(ModuleLoadVersion1, thread, 0, Payload.Module(i + EventsPerKind, withPdb: false)));
        Each((i, thread, stack) => block.Event(AllocationSampled, thread, stack, Payload.Sampled(i, pointerSize)));
        Each((i, thread, stack) => block.Event(AllocationTick, thread, stack, Payload.Tick(i, pointerSize, layout: 4)));
        Each((i, thread, stack) => block.Event(AllocationTickVersion1, thread, stack, Payload.Tick(i, pointerSize, layout: 1)));
        Each((i, thread, _) => block.Event(RundownMap, thread, 0, Payload.Map(i + EventsPerKind)));
        Each((i, thread, _) => block.Event(RundownMethod, thread, 0, Payload.Method(i + EventsPerKind)));
        Each((i, thread, _) => block.Event(RundownModule, thread, 0, Payload.Module(i + (2 * EventsPerKind), withPdb: true)));
        Each((_, thread, _) => block.Event(UnwantedRuntimeEvent, thread, 0, new byte[8]));
        Each((_, thread, stack) => block.Event(OtherProvider, thread, stack, new byte[4]));
        Each((_, thread, _) => block.Event(metadataId: 99, thread, 0, new byte[4])); // a type the metadata never described
        return block.ToArray();
    }

    /// <summary>
    /// An event block larger than the parser's first 64 KiB buffer, below the large-object threshold: one unwanted event
    /// with a large payload.
    /// </summary>
    private static byte[] LargeBlock()
    {
        var block = new EventBlock(capacity: SmallObjectBytes);
        block.Event(UnwantedRuntimeEvent, 100, 0, new byte[80 * 1024]);
        return block.ToArray();
    }

    /// <summary>A sequence point: a timestamp and no thread (the parser only forgets the stack ids).</summary>
    private static byte[] SequencePoint()
    {
        var block = new Fields();
        block.Int64(1_000_000);
        block.Int32(0);
        return block.ToArray();
    }

    private static ulong CodeStart(int method) => 0x7F00_0000_0000UL + (0x1000UL * (ulong)method);

    /// <summary>The payloads of the events, in the runtime's layouts (the fields the readers skip written too).</summary>
    private static class Payload
    {
        internal static byte[] Sample(int type)
        {
            var payload = new Fields();
            payload.Int32(type);
            return payload.ToArray();
        }

        /// <summary>MethodLoadVerbose / MethodDCStopVerbose: id, module, start, size, token, flags, namespace, name, signature, CLR instance, ReJIT id.</summary>
        internal static byte[] Method(int i)
        {
            var payload = new Fields();
            payload.Int64(1000 + i);
            payload.Int64(1 + (i % 3));
            payload.Int64((long)CodeStart(i % EventsPerKind));
            payload.Int32(0x800);
            payload.Int32(0x06000001 + i);
            payload.Int32(0);
            payload.Utf16("WarmUp.Made.Up");
            payload.Utf16("Method" + i);
            payload.Utf16("void  (int32,class System.String)");
            payload.Int16(0);
            payload.Int64(0);
            return payload.ToArray();
        }

        /// <summary>MethodILToNativeMap: id, ReJIT id, extent, count, IL offsets, native offsets, CLR instance.</summary>
        internal static byte[] Map(int i)
        {
            int[] il = [-2, 0, 4, 9, -3];
            int[] native = [0, 8, 20, 40, 60];
            var payload = new Fields();
            payload.Int64(1000 + i);
            payload.Int64(0);
            payload.Byte(0);
            payload.Int16((short)il.Length);
            foreach (int offset in il)
            {
                payload.Int32(offset);
            }

            foreach (int offset in native)
            {
                payload.Int32(offset);
            }

            payload.Int16(0);
            return payload.ToArray();
        }

        /// <summary>ModuleLoad / ModuleDCStop: id, assembly, flags, reserved, IL path, native path; from version 2 CLR instance and the PDBs.</summary>
        internal static byte[] Module(int i, bool withPdb)
        {
            var payload = new Fields();
            payload.Int64(1 + i);
            payload.Int64(500 + i);
            payload.Int32(8);
            payload.Int32(0);
            payload.Utf16(i % 2 == 0 ? $"made-up/Module{i}.dll" : "");
            payload.Utf16(i % 2 == 0 ? "" : $"made-up/Module{i}.r2r.dll");
            if (withPdb)
            {
                payload.Int16(0);
                payload.Bytes(new Guid(i, 1, 2, [3, 4, 5, 6, 7, 8, 9, 10]).ToByteArray());
                payload.Int32(1);
                payload.Utf16(i % 3 == 0 ? "" : $"Module{i}.pdb");
                payload.Bytes(new byte[16 + 4]);
                payload.Utf16("");
            }

            return payload.ToArray();
        }

        /// <summary>AllocationSampled: kind, CLR instance, type id, type name, address, object size, sampled offset.</summary>
        internal static byte[] Sampled(int i, int pointerSize)
        {
            var payload = new Fields();
            payload.Int32(0);
            payload.Int16(0);
            payload.Pointer(TypeId(i), pointerSize);
            payload.Utf16(TypeName(i));
            payload.Pointer(0x1234_5678, pointerSize);
            payload.Int64(i % 5 == 0 ? 0 : 24 + (8 * i));
            payload.Int64(i);
            return payload.ToArray();
        }

        /// <summary>GCAllocationTick: amount, kind; from version 2 CLR instance, 64-bit amount, type id, type name, heap; from 3 address; from 4 object size.</summary>
        internal static byte[] Tick(int i, int pointerSize, int layout)
        {
            var payload = new Fields();
            payload.Int32(100_000 + i);
            payload.Int32(i % 2);
            if (layout >= 2)
            {
                payload.Int16(0);
                payload.Int64(100_000 + i);
                payload.Pointer(TypeId(i), pointerSize);
                payload.Utf16(TypeName(i));
                payload.Int32(0);
                payload.Pointer(0x1234_5678, pointerSize);
                payload.Int64(i % 5 == 0 ? 0 : 24 + (8 * i));
            }

            return payload.ToArray();
        }

        // Fewer types than events: most events name a type seen before, as in a real stream.
        private static ulong TypeId(int i) => 0x5000UL + (ulong)(i / EventsPerKind * 16) + (ulong)(i % 9);

        private static string TypeName(int i) => i % 9 == 0 ? "" : $"Made.Up.Type{i / EventsPerKind}.{i % 9}";
    }

    /// <summary>Little-endian fields into a growing buffer.</summary>
    private class Fields(int capacity = 0)
    {
        private readonly List<byte> _buffer = new(capacity);

        internal long Length => _buffer.Count;

        internal void Byte(byte value) => _buffer.Add(value);

        internal void Bytes(ReadOnlySpan<byte> value) => _buffer.AddRange(value);

        internal void Int16(short value)
        {
            Span<byte> field = stackalloc byte[2];
            BinaryPrimitives.WriteInt16LittleEndian(field, value);
            Bytes(field);
        }

        internal void Int32(int value)
        {
            Span<byte> field = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(field, value);
            Bytes(field);
        }

        internal void Int64(long value)
        {
            Span<byte> field = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(field, value);
            Bytes(field);
        }

        internal void Pointer(ulong value, int pointerSize)
        {
            if (pointerSize == 8)
            {
                Int64((long)value);
            }
            else
            {
                Int32((int)value);
            }
        }

        internal void VarUInt(ulong value)
        {
            while (value >= 0x80)
            {
                Byte((byte)(value | 0x80));
                value >>= 7;
            }

            Byte((byte)value);
        }

        internal void Utf16(string value)
        {
            Bytes(MemoryMarshal.AsBytes(value.AsSpan()));
            Int16(0);
        }

        internal void Ascii(string value) => Bytes(Encoding.ASCII.GetBytes(value));

        internal byte[] ToArray() => _buffer.ToArray();

        protected void Clear() => _buffer.Clear();
    }

    /// <summary>An event or metadata block: its header, then events with compressed headers.</summary>
    private sealed class EventBlock : Fields
    {
        private const int HeaderBytes = 20;

        internal EventBlock(int capacity = 0)
            : base(capacity)
        {
            Int16(HeaderBytes);
            Int16(1); // compressed headers
            Int64(0); // first timestamp
            Int64(0); // last timestamp
        }

        internal void Metadata(int id, string provider, int eventId, int version)
        {
            var payload = new Fields();
            payload.Int32(id);
            payload.Utf16(provider);
            payload.Int32(eventId);
            payload.Utf16("");
            payload.Int64(0);
            payload.Int32(version);
            payload.Int32(5); // level
            Event(metadataId: 0, thread: 0, stack: 0, payload.ToArray());
        }

        /// <summary>One event with every header field given (and activity ids every other event, as a real stream may carry them).</summary>
        internal void Event(int metadataId, long thread, int stack, ReadOnlySpan<byte> payload)
        {
            bool activities = (Length & 1) == 0;
            byte flags = (byte)(1 | 2 | 4 | 8 | 128 | (activities ? 16 | 32 : 0));
            Byte(flags);
            VarUInt((ulong)metadataId);
            VarUInt(1); // sequence number
            VarUInt((ulong)thread); // capturing thread
            VarUInt(0); // processor
            VarUInt((ulong)thread);
            VarUInt((ulong)stack);
            VarUInt(10_000); // timestamp, as a step from the previous event's
            if (activities)
            {
                Bytes(new byte[32]);
            }

            VarUInt((ulong)payload.Length);
            Bytes(payload);
        }
    }

    /// <summary>
    /// The stream: its header, its blocks (each aligned as the format says), its end. Each block's content is a segment
    /// of its own, the framing between them others, so no array holds the whole stream.
    /// </summary>
    private sealed class Writer : Fields
    {
        private readonly List<byte[]> _segments = [];
        private long _written; // the bytes of the segments before this object's own

        internal List<byte[]> Segments()
        {
            Flush();
            return _segments;
        }

        internal void Header(int pointerSize)
        {
            Ascii("Nettrace");
            Int32(20);
            Ascii("!FastSerialization.1");
            Byte(5); // BeginPrivateObject
            TypeHeader("Trace");
            Bytes(new byte[16]); // the clock's time of day
            Int64(0); // start ticks
            Int64(10_000_000); // ticks per second
            Int32(pointerSize);
            Int32(Environment.ProcessId);
            Int32(Environment.ProcessorCount);
            Int32(1_000_000); // the sampler's interval (ns)
            Byte(6); // EndObject
        }

        internal void Block(string type, byte[] content)
        {
            Byte(5);
            TypeHeader(type);
            Int32(content.Length);
            Bytes(new byte[(int)((4 - ((_written + Length) & 3)) & 3)]);
            Flush();
            _segments.Add(content);
            _written += content.Length;
            Byte(6);
        }

        /// <summary>The framing written so far becomes a segment; this object starts empty again.</summary>
        private void Flush()
        {
            byte[] framing = ToArray();
            _segments.Add(framing);
            _written += framing.Length;
            Clear();
        }

        internal void End() => Byte(1); // NullReference

        private void TypeHeader(string name)
        {
            Byte(5);
            Byte(1);
            Int32(5); // version
            Int32(5); // minimum reader version
            Int32(name.Length);
            Ascii(name);
            Byte(6);
        }
    }
}
