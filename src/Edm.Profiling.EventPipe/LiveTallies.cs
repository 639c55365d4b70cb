namespace Edm.Profiling.EventPipe;

/// <summary>
/// What the backends of a session want from its live EventPipe stream (<see cref="NetTraceParser"/>), counted
/// as the events go by with as little work per event as can be: a CPU sample is a (thread, state, stack id)
/// count, an allocation a (stack id, type) weight, the type named once per type; the method and module
/// events are kept (<see cref="CompiledMethods"/>) to name the stacks when the stream has ended
/// (<see cref="Build"/>). A converted file is counted the same way by <see cref="TraceTallies"/>.
/// </summary>
internal sealed class LiveTallies : INetTraceEvents
{
    private const int Sample = 1;
    private const int MethodLoad = 2;
    private const int MethodMap = 3;
    private const int ModuleLoad = 4;
    private const int AllocationSampled = 5;
    private const int AllocationTick = 6;
    private const int RundownMethodLoad = 7;
    private const int RundownMethodMap = 8;
    private const int RundownModuleLoad = 9;

    /// <summary>The runtime's rundown provider: the methods and modules loaded, named at the session's end.</summary>
    private const string Rundown = "Microsoft-Windows-DotNETRuntimeRundown";

    private readonly CpuSampleTally<int> _cpu = new();
    private readonly AllocationTally<int> _allocations = new();
    private readonly Dictionary<ulong, string> _typeNames = new(UInt64Keys.Instance);
    private readonly long[] _byCode = new long[RundownModuleLoad + 1];
    private NetTraceParser? _parser;

    /// <summary>The code the stacks run through, as the stream's method and module events name it.</summary>
    internal CompiledMethods Code { get; } = new();

    /// <summary>Events read (for the trace timing line).</summary>
    internal long Events { get; private set; }

    /// <summary>Allocation events read (<c>AllocationSampled</c> or <c>GCAllocationTick</c>).</summary>
    internal long AllocationEvents => _byCode[AllocationSampled] + _byCode[AllocationTick];

    /// <summary>Methods the live stream named as they were compiled during the session (JIT events).</summary>
    internal long MethodsCompiledLive => _byCode[MethodLoad];

    /// <summary>Methods the rundown at the session's end named.</summary>
    internal long MethodsFromRundown => _byCode[RundownMethodLoad];

    /// <summary>How many kinds of event this reader decodes (samples, method loads, IL maps, module loads, two allocation events, and the rundown's three).</summary>
    internal static int Kinds => RundownModuleLoad;

    /// <summary>How many of the <see cref="Kinds"/> the stream held at least one event of.</summary>
    internal int KindsRead => _byCode.Count(n => n > 0);

    /// <summary>Events read, by what they were (for the trace timing line).</summary>
    internal string Breakdown =>
        $"{_byCode[Sample]} samples, {AllocationEvents} allocations, {MethodsCompiledLive} methods compiled during the session, {MethodsFromRundown} from the rundown";

    /// <summary>Reads <paramref name="stream"/> to its end, counting as it goes.</summary>
    /// <exception cref="InvalidDataException">The stream is not a nettrace stream this reader knows, or ends early.</exception>
    internal void Read(Stream stream)
    {
        _parser = new NetTraceParser(stream, this);
        _parser.ReadAll();
    }

    /// <summary>Both tallies with their stacks named through <paramref name="frames"/>, once the stream has ended.</summary>
    internal TraceReadout Build(TraceFrames frames)
    {
        InternedStacks stacks = _parser?.Stacks ?? new InternedStacks();
        ResolvedStack? Resolve(int id) => frames.Resolve(stacks, id, Code);
        return new TraceReadout(_cpu.Build(frames.List, Resolve), _allocations.Build(frames.List, Resolve));
    }

    /// <inheritdoc />
    public int Classify(string provider, int eventId) => provider switch
    {
        SamplingProviders.SampleProfiler => Sample,
        SamplingProviders.Runtime => eventId switch
        {
            143 => MethodLoad, // MethodLoadVerbose
            190 => MethodMap, // MethodILToNativeMap
            152 => ModuleLoad, // ModuleLoad
            303 => AllocationSampled,
            10 => AllocationTick, // GCAllocationTick
            _ => 0,
        },
        Rundown => eventId switch
        {
            143 or 144 => RundownMethodLoad, // MethodDCStartVerbose, MethodDCStopVerbose
            149 or 150 => RundownMethodMap, // MethodILToNativeMapDCStart, MethodILToNativeMapDCStop
            153 or 154 => RundownModuleLoad, // ModuleDCStart, ModuleDCStop
            _ => 0,
        },
        _ => 0,
    };

    /// <inheritdoc />
    public void OnEvent(int code, in NetTraceEvent header, ReadOnlySpan<byte> payload)
    {
        Events++;
        _byCode[code]++;
        int? stack = header.Stack >= 0 ? header.Stack : null;
        switch (code)
        {
            case Sample:
                int type = payload.Length >= 4 ? BitConverter.ToInt32(payload) : 0;
                if (type is ThreadSample.External or ThreadSample.Managed)
                {
                    double milliseconds = (header.Timestamp - _parser!.StartTicks) * 1000.0 / _parser.TicksPerSecond;
                    _cpu.Add(header.ThreadId, milliseconds, stack, type == ThreadSample.Managed);
                }

                break;
            case MethodLoad or RundownMethodLoad:
                Code.AddMethod(header, payload);
                break;
            case MethodMap or RundownMethodMap:
                Code.AddMap(header, payload);
                break;
            case ModuleLoad or RundownModuleLoad:
                Code.AddModule(header, payload);
                break;
            case AllocationSampled:
                AddSampled(header, payload, stack);
                break;
            case AllocationTick:
                AddTick(header, payload, stack);
                break;
            default:
                break;
        }
    }

    /// <summary>AllocationSampled: kind, CLR instance, type id, type name, address, object size, sampled offset.</summary>
    private void AddSampled(in NetTraceEvent header, ReadOnlySpan<byte> payload, int? stack)
    {
        var reader = new NetTraceBlob(payload, header.PayloadOffset);
        reader.Skip(4 + 2);
        string type = TypeName(ref reader);
        reader.Skip(_parser!.PointerSize);
        _allocations.AddSampled(stack, type, reader.Int64());
    }

    /// <summary>GCAllocationTick: amount, kind; from version 2 CLR instance, 64-bit amount, type id, type name, heap; from 3 address; from 4 object size.</summary>
    private void AddTick(in NetTraceEvent header, ReadOnlySpan<byte> payload, int? stack)
    {
        var reader = new NetTraceBlob(payload, header.PayloadOffset);
        long amount = reader.UInt32();
        reader.Skip(4);
        if (header.Version < 2)
        {
            _allocations.AddTick(stack, null, amount, 0);
            return;
        }

        reader.Skip(2);
        amount = reader.Int64();
        string type = TypeName(ref reader);
        long objectSize = 0;
        if (header.Version >= 4)
        {
            reader.Skip(4 + _parser!.PointerSize);
            objectSize = reader.Int64();
        }

        _allocations.AddTick(stack, type, amount, objectSize);
    }

    /// <summary>The type id and name at the reader: the name read into a string only the first time the type is seen.</summary>
    private string TypeName(ref NetTraceBlob reader)
    {
        ulong typeId = _parser!.PointerSize == 8 ? reader.UInt64() : reader.UInt32();
        if (_typeNames.TryGetValue(typeId, out string? name))
        {
            reader.SkipUtf16();
            return name;
        }

        name = reader.Utf16();
        _typeNames[typeId] = name;
        return name;
    }
}
