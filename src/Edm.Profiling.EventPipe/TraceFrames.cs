namespace Edm.Profiling.EventPipe;

/// <summary>
/// The frames of a trace's stacks, one per method (not per address), and each address's source line
/// resolved once through the module's portable PDB (<see cref="PortablePdbLines"/>). Shared by every reader
/// of one trace, so CPU and allocation stacks name frames alike and resolve lines once. A live stream's raw
/// addresses are named through the method events it carried (<see cref="CompiledMethods"/>), with their IL
/// maps (<see cref="NativeCodeMaps"/>); a converted trace's through TraceEvent's <c>TraceLog</c>
/// (<see cref="TraceLogFrames"/>, which adds its frames here). Native code the trace cannot name is named by its file through the
/// process's memory map, where one could be read (<see cref="NativeModuleMap"/>), and, when that file is a
/// managed assembly's precompiled (ReadyToRun) code, by its method (<see cref="PrecompiledMethods"/>), which
/// the runtime's rundown does not always name.
/// </summary>
/// <remarks>
/// This runs at the program's exit, where most of its time was the JIT compiling it on first use: it keeps to
/// collections of reference types and arrays (each generic instantiation over a value type, a tuple key
/// for instance, is compiled afresh), and references no TraceEvent type, so naming a live stream does not load
/// or compile TraceEvent at all.
/// </remarks>
internal sealed class TraceFrames(PortablePdbLines? pdbLines = null, NativeModuleMap? nativeModules = null, PrecompiledMethods? precompiled = null)
{
    /// <summary>The profiler's own code, in-process: its threads and allocations are the profiler at work, not the program.</summary>
    internal const string OwnNamespace = "Edm.Profiling.EventPipe.";

    /// <summary>
    /// The runtime's event sources answering the session's enable command start here (their manifests,
    /// allocated when the profiler starts): also the profiler at work.
    /// </summary>
    internal const string EnableCallback = "System.Diagnostics.Tracing.EventPipeEventProvider.Callback(";

    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, FrameAt> _byRawAddress = [];
    private readonly Dictionary<InternedStacks, LiveStacks> _liveStacks = [];

    /// <summary>The frames named so far, by index.</summary>
    internal List<StackFrame> List { get; } = [];

    /// <summary>
    /// The live stream's stack <paramref name="id"/> of <paramref name="stacks"/> (innermost first), named
    /// through <paramref name="code"/>, outermost frame first, with each frame's line (0 when unknown); null
    /// when it is the profiler's own stack (its threads, or the runtime's event sources answering its enable
    /// command) or has no frame. Stacks of the sampler's windows and of the main stream are interned apart,
    /// hence the owner.
    /// </summary>
    internal ResolvedStack? Resolve(InternedStacks stacks, int id, CompiledMethods code)
    {
        if (!_liveStacks.TryGetValue(stacks, out LiveStacks? known) || id >= known.Named.Length)
        {
            _liveStacks[stacks] = known = new LiveStacks(stacks.Count, known);
        }

        if (known.Named[id])
        {
            return known.Stacks[id];
        }

        ReadOnlySpan<ulong> addresses = stacks[id];
        var ids = new int[addresses.Length];
        var lineNumbers = new int[addresses.Length];
        for (int i = 0; i < addresses.Length; i++)
        {
            FrameAt frame = Resolve(addresses[i], code);
            ids[addresses.Length - 1 - i] = frame.Frame;
            lineNumbers[addresses.Length - 1 - i] = frame.Line;
        }

        ResolvedStack? resolved = Outermost(ids, lineNumbers);
        known.Stacks[id] = resolved;
        known.Named[id] = true;
        return resolved;
    }

    /// <summary>The stack of frames <paramref name="ids"/> (outermost first) at <paramref name="lines"/>, or null when it is the profiler's own or has no frame.</summary>
    internal ResolvedStack? Outermost(int[] ids, int[] lines)
    {
        if (ids.Length == 0 || List[ids[0]].Name.StartsWith(EnableCallback, StringComparison.Ordinal))
        {
            return null;
        }

        foreach (int frame in ids)
        {
            if (List[frame].Name.StartsWith(OwnNamespace, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return new ResolvedStack(ids, lines);
    }

    /// <summary>A live stream's code address: its method from the method events, its line from the method's IL map and PDB.</summary>
    private FrameAt Resolve(ulong address, CompiledMethods code)
    {
        if (_byRawAddress.TryGetValue(address, out FrameAt? known))
        {
            return known;
        }

        CompiledMethod? method = code.At(address);
        ModuleFile? moduleFile = method is null ? null : code.Module(method.ModuleId);
        SourceLine? source = null;
        if (method is not null && moduleFile is not null && pdbLines is not null)
        {
            source = pdbLines.LineOf(moduleFile.FilePath, method.Token, code.Maps.IlOffset(address));
        }

        FrameAt resolved = Frame(method?.Name, address, moduleFile?.Name ?? "", source?.File, source?.Line ?? 0);
        _byRawAddress[address] = resolved;
        return resolved;
    }

    /// <summary>
    /// The frame of a method named <paramref name="method"/> (null: the trace cannot name it, so named by the
    /// precompiled code or the file at <paramref name="address"/>), added on first sight, and the line
    /// (<paramref name="file"/> null and <paramref name="line"/> 0 when unknown).
    /// </summary>
    internal FrameAt Frame(string? method, ulong address, string module, string? file, int line)
    {
        string name = method
            ?? precompiled?.NameOf(address)
            ?? $"{GcPollFrames.NativeCode} {(module.Length > 0 ? module : nativeModules?.NameOf(address) ?? "unknown module")}";
        if (!_byName.TryGetValue(name, out int id))
        {
            id = List.Count;
            List.Add(new StackFrame(name, module.Length > 0 ? module : null, file));
            _byName[name] = id;
        }
        else if (file is not null && List[id].File is null)
        {
            List[id] = List[id] with { File = file };
        }

        return new FrameAt(id, line);
    }

    /// <summary>The live stacks of one owner named so far, by stack id (grown, those named kept, when stacks were added since).</summary>
    private sealed class LiveStacks
    {
        internal LiveStacks(int count, LiveStacks? before)
        {
            Named = new bool[count];
            Stacks = new ResolvedStack?[count];
            before?.Named.CopyTo(Named, 0);
            before?.Stacks.CopyTo(Stacks, 0);
        }

        internal bool[] Named { get; }

        internal ResolvedStack?[] Stacks { get; }
    }
}

/// <summary>An address's frame (an index into <see cref="TraceFrames.List"/>) and the line it was at (0 when unknown).</summary>
internal sealed record FrameAt(int Frame, int Line);

/// <summary>A stack as frame indexes into <see cref="TraceFrames.List"/>, outermost first, with the line each frame was at (0 when unknown).</summary>
internal sealed record ResolvedStack(int[] Frames, int[] Lines);
