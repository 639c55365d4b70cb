namespace Edm.Profiling.EventPipe;

/// <summary>A method's compiled code as a method event names it: where it lies, its full name, its module and metadata token.</summary>
internal sealed record CompiledMethod(ulong Start, int Size, string Name, ulong ModuleId, int Token);

/// <summary>A managed module as its load event names it: its file and the portable PDB it was built with.</summary>
internal sealed record ModuleFile(string FilePath, string? PdbName, Guid PdbSignature, int PdbAge)
{
    /// <summary>The file's name without its extension (how a frame's module is named).</summary>
    internal string Name => Path.GetFileNameWithoutExtension(FilePath);
}

/// <summary>
/// What the method and module events of a live stream say about the code its stacks run through: each
/// method's code range and name (<c>MethodLoadVerbose</c> while the session runs, the rundown's
/// <c>MethodDCStopVerbose</c> at its end for what was compiled before), each module's file and PDB
/// (<c>ModuleLoad</c>, rundown <c>ModuleDCStop</c>) and the IL-to-native maps (<see cref="Maps"/>).
/// Addresses are named from it once the stream has ended (<see cref="TraceFrames"/>).
/// </summary>
internal sealed class CompiledMethods
{
    private readonly List<CompiledMethod> _methods = [];
    private readonly Dictionary<ulong, ModuleFile> _modules = new(UInt64Keys.Instance);
    private bool _sorted = true;

    /// <summary>The IL-to-native maps of the code, for the source lines.</summary>
    internal NativeCodeMaps Maps { get; } = new();

    /// <summary>Methods named so far.</summary>
    internal int Count => _methods.Count;

    /// <summary>A <c>MethodLoadVerbose</c> or <c>MethodDCStopVerbose</c> payload.</summary>
    internal void AddMethod(in NetTraceEvent header, ReadOnlySpan<byte> payload)
    {
        var reader = new NetTraceBlob(payload, header.PayloadOffset);
        long methodId = reader.Int64();
        ulong moduleId = reader.UInt64();
        ulong start = reader.UInt64();
        int size = reader.Int32();
        int token = reader.Int32();
        reader.Int32(); // flags
        string methodNamespace = reader.Utf16();
        string name = reader.Utf16();
        string signature = reader.Utf16();
        Add(header.ThreadId, methodId, new CompiledMethod(start, size, FullName(methodNamespace, name, signature), moduleId, token));
    }

    /// <summary>Method <paramref name="methodId"/>'s code <paramref name="method"/>, named on <paramref name="thread"/> (its IL map follows on the same thread).</summary>
    internal void Add(long thread, long methodId, CompiledMethod method)
    {
        _methods.Add(method);
        _sorted = false;
        Maps.Loaded(thread, methodId, method.Start, method.Size);
    }

    /// <summary>A <c>MethodILToNativeMap</c> (or rundown <c>MethodILToNativeMapDCStop</c>) payload.</summary>
    internal void AddMap(in NetTraceEvent header, ReadOnlySpan<byte> payload)
    {
        var reader = new NetTraceBlob(payload, header.PayloadOffset);
        long methodId = reader.Int64();
        reader.Int64(); // ReJIT id
        reader.Byte(); // method extent
        int count = reader.UInt16();
        int[] il = new int[count];
        int[] native = new int[count];
        for (int i = 0; i < count; i++)
        {
            il[i] = reader.Int32();
        }

        for (int i = 0; i < count; i++)
        {
            native[i] = reader.Int32();
        }

        Maps.Mapped(header.ThreadId, methodId, il, native);
    }

    /// <summary>A <c>ModuleLoad</c> or <c>ModuleDCStop</c> payload (version 2 and later carry the PDB).</summary>
    internal void AddModule(in NetTraceEvent header, ReadOnlySpan<byte> payload)
    {
        var reader = new NetTraceBlob(payload, header.PayloadOffset);
        ulong moduleId = reader.UInt64();
        reader.Int64(); // assembly id
        reader.Int32(); // flags
        reader.Int32(); // reserved
        string ilPath = reader.Utf16();
        string nativePath = reader.Utf16();
        string? pdbName = null;
        Guid signature = Guid.Empty;
        int age = 0;
        if (header.Version >= 2)
        {
            reader.UInt16(); // CLR instance
            signature = reader.Guid();
            age = reader.Int32();
            pdbName = reader.Utf16();
        }

        string path = ilPath.Length > 0 ? ilPath : nativePath;
        AddModule(moduleId, new ModuleFile(path, string.IsNullOrEmpty(pdbName) ? null : pdbName, signature, age));
    }

    /// <summary>Module <paramref name="moduleId"/> is <paramref name="module"/>.</summary>
    internal void AddModule(ulong moduleId, ModuleFile module) => _modules[moduleId] = module;

    /// <summary>The method whose code holds <paramref name="address"/>, or null.</summary>
    internal CompiledMethod? At(ulong address)
    {
        if (!_sorted)
        {
            _methods.Sort((a, b) => a.Start.CompareTo(b.Start));
            _sorted = true;
        }

        int found = SortedStarts.LastAtOrBefore(_methods, address, static c => c.Start);

        // The same code may be named twice (while the session runs and by the rundown): look a few back.
        for (int i = found; i >= 0 && i > found - 4; i--)
        {
            CompiledMethod method = _methods[i];
            if (address < method.Start + (ulong)method.Size)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>The module <paramref name="moduleId"/>, or null when no event named it.</summary>
    internal ModuleFile? Module(ulong moduleId) => _modules.GetValueOrDefault(moduleId);

    /// <summary>Namespace (the declaring type), name and the parameter list of the signature, as TraceEvent names methods.</summary>
    private static string FullName(string methodNamespace, string name, string signature)
    {
        int parameters = signature.IndexOf('(', StringComparison.Ordinal);
        string list = parameters >= 0 ? signature[parameters..] : "";
        return methodNamespace.Length > 0 ? $"{methodNamespace}.{name}{list}" : name + list;
    }
}
