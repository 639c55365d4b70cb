using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// The frames of a trace's stacks, one per method (not per address), and each address's source line
/// resolved once through the module's portable PDB, where one is found beside the module. Shared by
/// every reader of one trace, so CPU and allocation stacks name frames alike and resolve lines once.
/// A converted trace's stacks are named through TraceEvent's <see cref="TraceLog"/>; a live stream's raw
/// addresses through the method events it carried (<see cref="CompiledMethods"/>), with their IL maps
/// (<see cref="NativeCodeMaps"/>). Native code the trace cannot name is named by its file through the
/// process's memory map, where one could be read (<see cref="NativeModuleMap"/>), and, when that file is a
/// managed assembly's precompiled (ReadyToRun) code, by its method (<see cref="PrecompiledMethods"/>), which
/// the runtime's rundown does not always name.
/// </summary>
internal sealed class TraceFrames(SymbolReader symbols, NativeModuleMap? nativeModules = null, PrecompiledMethods? precompiled = null)
{
    /// <summary>The profiler's own code, in-process: its threads and allocations are the profiler at work, not the program.</summary>
    internal const string OwnNamespace = "Edm.Profiling.EventPipe.";

    /// <summary>
    /// The runtime's event sources answering the session's enable command start here (their manifests,
    /// allocated when the profiler starts): also the profiler at work.
    /// </summary>
    internal const string EnableCallback = "System.Diagnostics.Tracing.EventPipeEventProvider.Callback(";

    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<CodeAddressIndex, (int Frame, int Line)> _byAddress = [];
    private readonly Dictionary<ulong, (int Frame, int Line)> _byRawAddress = [];
    private readonly Dictionary<CallStackIndex, ResolvedStack?> _stacks = [];
    private readonly Dictionary<(InternedStacks Owner, int Id), ResolvedStack?> _liveStacks = [];
    private readonly Dictionary<string, ManagedSymbolModule?> _modules = new(StringComparer.Ordinal);

    /// <summary>The frames named so far, by index.</summary>
    internal List<StackFrame> List { get; } = [];

    /// <summary>
    /// The stack <paramref name="index"/> of <paramref name="log"/>, outermost frame first, with each frame's
    /// line (0 when unknown); null when it is the profiler's own stack (its threads, or the runtime's event
    /// sources answering its enable command) or has no frame.
    /// </summary>
    internal ResolvedStack? Resolve(TraceLog log, CallStackIndex index)
    {
        if (_stacks.TryGetValue(index, out ResolvedStack? known))
        {
            return known;
        }

        var frames = new List<(int Frame, int Line)>();
        for (TraceCallStack? stack = log.CallStacks[index]; stack is not null; stack = stack.Caller)
        {
            frames.Add(Resolve(stack.CodeAddress));
        }

        ResolvedStack? resolved = Outermost(frames);
        _stacks[index] = resolved;
        return resolved;
    }

    /// <summary>
    /// The live stream's stack <paramref name="id"/> of <paramref name="stacks"/> (innermost first), named
    /// through <paramref name="code"/>: as <see cref="Resolve(TraceLog, CallStackIndex)"/> does for a converted
    /// trace. Stacks of the sampler's windows and of the main stream are interned apart, hence the owner.
    /// </summary>
    internal ResolvedStack? Resolve(InternedStacks stacks, int id, CompiledMethods code)
    {
        if (_liveStacks.TryGetValue((stacks, id), out ResolvedStack? known))
        {
            return known;
        }

        ReadOnlySpan<ulong> addresses = stacks[id];
        var frames = new List<(int Frame, int Line)>(addresses.Length);
        foreach (ulong address in addresses)
        {
            frames.Add(Resolve(address, code));
        }

        ResolvedStack? resolved = Outermost(frames);
        _liveStacks[(stacks, id)] = resolved;
        return resolved;
    }

    /// <summary>The frames (innermost first) outermost first, or null when they are the profiler's own or none.</summary>
    private ResolvedStack? Outermost(List<(int Frame, int Line)> frames)
    {
        if (frames.Count == 0
            || frames.Exists(f => List[f.Frame].Name.StartsWith(OwnNamespace, StringComparison.Ordinal))
            || List[frames[^1].Frame].Name.StartsWith(EnableCallback, StringComparison.Ordinal))
        {
            return null;
        }

        var ids = new int[frames.Count];
        var lines = new int[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            (ids[frames.Count - 1 - i], lines[frames.Count - 1 - i]) = frames[i];
        }

        return new ResolvedStack(ids, lines);
    }

    private (int Frame, int Line) Resolve(TraceCodeAddress address)
    {
        if (_byAddress.TryGetValue(address.CodeAddressIndex, out var known))
        {
            return known;
        }

        string module = address.ModuleName;
        string? name = address.FullMethodName is { Length: > 0 } method ? method : null;
        SourceLocation? source = null;
        if (address.Method is not null)
        {
            source = LineOf(() => address.GetSourceLine(symbols));
        }

        var resolved = Frame(name, address.Address, module, source);
        _byAddress[address.CodeAddressIndex] = resolved;
        return resolved;
    }

    /// <summary>A live stream's code address: its method from the method events, its line from the method's IL map and PDB.</summary>
    private (int Frame, int Line) Resolve(ulong address, CompiledMethods code)
    {
        if (_byRawAddress.TryGetValue(address, out var known))
        {
            return known;
        }

        CompiledMethod? method = code.At(address);
        ModuleFile? moduleFile = method is null ? null : code.Module(method.ModuleId);
        SourceLocation? source = null;
        if (method is not null && moduleFile is not null)
        {
            int ilOffset = code.Maps.IlOffset(address);
            source = ilOffset < 0 ? null : LineOf(() => SymbolsOf(moduleFile)?.SourceLocationForManagedCode((uint)method.Token, ilOffset));
        }

        var resolved = Frame(method?.Name, address, moduleFile?.Name ?? "", source);
        _byRawAddress[address] = resolved;
        return resolved;
    }

    /// <summary>The source line <paramref name="read"/> gives, or null when it has none or the PDB cannot be read.</summary>
    private static SourceLocation? LineOf(Func<SourceLocation?> read)
    {
        try
        {
            return read() is { LineNumber: > 0 } source ? source : null;
        }
#pragma warning disable CA1031 // A PDB that cannot be read costs the line, not the sample.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>
    /// The frame of a method named <paramref name="method"/> (null: the trace cannot name it, so named by the
    /// precompiled code or the file at <paramref name="address"/>), added on first sight, and the line.
    /// </summary>
    private (int Frame, int Line) Frame(string? method, ulong address, string module, SourceLocation? source)
    {
        string name = method
            ?? precompiled?.NameOf(address)
            ?? $"{GcPollFrames.NativeCode} {(module.Length > 0 ? module : nativeModules?.NameOf(address) ?? "unknown module")}";
        string? file = source?.SourceFile?.BuildTimeFilePath;
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

        return (id, source?.LineNumber ?? 0);
    }

    /// <summary>The portable PDB of <paramref name="module"/> (the one its load event names, else the one beside it), opened once; null when none is found.</summary>
    private ManagedSymbolModule? SymbolsOf(ModuleFile module)
    {
        if (_modules.TryGetValue(module.FilePath, out ManagedSymbolModule? known))
        {
            return known;
        }

        string? pdb = module.PdbSignature != Guid.Empty && module.PdbName is { Length: > 0 } pdbName
            ? symbols.FindSymbolFilePath(pdbName, module.PdbSignature, module.PdbAge, module.FilePath)
            : null;
        if (pdb is null && module.FilePath.Length > 0 && Path.ChangeExtension(module.FilePath, ".pdb") is { } beside && File.Exists(beside))
        {
            pdb = beside;
        }

        ManagedSymbolModule? opened = pdb is null ? null : symbols.OpenSymbolFile(pdb);
        _modules[module.FilePath] = opened;
        return opened;
    }
}

/// <summary>A stack as frame indexes into <see cref="TraceFrames.List"/>, outermost first, with the line each frame was at (0 when unknown).</summary>
internal sealed record ResolvedStack(int[] Frames, int[] Lines);
