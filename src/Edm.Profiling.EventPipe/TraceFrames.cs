using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// The frames of a trace's stacks, one per method (not per address), and each address's source line
/// resolved once through the module's portable PDB, where one is found beside the module. Shared by
/// every reader of one trace, so CPU and allocation stacks name frames alike and resolve lines once.
/// A trace read live brings its own IL maps (<see cref="NativeCodeMaps"/>): the real-time
/// <see cref="TraceLog"/> keeps none a line could be read from. Native code the trace cannot name is
/// named by its file through the process's memory map, where one could be read (<see cref="NativeModuleMap"/>),
/// and, when that file is a managed assembly's precompiled (ReadyToRun) code, by its method
/// (<see cref="PrecompiledMethods"/>), which the runtime's rundown does not always name.
/// </summary>
internal sealed class TraceFrames(SymbolReader symbols, NativeCodeMaps? liveMaps = null, NativeModuleMap? nativeModules = null, PrecompiledMethods? precompiled = null)
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
    private readonly Dictionary<CallStackIndex, ResolvedStack?> _stacks = [];
    private readonly Dictionary<ModuleFileIndex, ManagedSymbolModule?> _modules = [];

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

        var ids = new List<int>();
        var lines = new List<int>();
        bool own = false;
        for (TraceCallStack? stack = log.CallStacks[index]; stack is not null; stack = stack.Caller)
        {
            (int id, int line) = Resolve(stack.CodeAddress);
            own |= List[id].Name.StartsWith(OwnNamespace, StringComparison.Ordinal);
            ids.Add(id);
            lines.Add(line);
        }

        ResolvedStack? resolved = null;
        own |= ids.Count > 0 && List[ids[^1]].Name.StartsWith(EnableCallback, StringComparison.Ordinal);
        if (!own && ids.Count > 0)
        {
            ids.Reverse();
            lines.Reverse();
            resolved = new ResolvedStack([.. ids], [.. lines]);
        }

        _stacks[index] = resolved;
        return resolved;
    }

    private (int Frame, int Line) Resolve(TraceCodeAddress address)
    {
        if (_byAddress.TryGetValue(address.CodeAddressIndex, out var known))
        {
            return known;
        }

        string module = address.ModuleName;
        string name = address.FullMethodName is { Length: > 0 } method
            ? method
            : precompiled?.NameOf(address.Address)
                ?? $"{GcPollFrames.NativeCode} {(module.Length > 0 ? module : nativeModules?.NameOf(address.Address) ?? "unknown module")}";
        string? file = null;
        int line = 0;
        if (address.Method is not null)
        {
            try
            {
                if ((liveMaps is null ? address.GetSourceLine(symbols) : LiveSourceLine(address, address.Method, liveMaps)) is { LineNumber: > 0 } source)
                {
                    line = source.LineNumber;
                    file = source.SourceFile?.BuildTimeFilePath;
                }
            }
#pragma warning disable CA1031 // A PDB that cannot be read costs the line, not the sample.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

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

        var resolved = (id, line);
        _byAddress[address.CodeAddressIndex] = resolved;
        return resolved;
    }

    /// <summary>The source line of a live trace's code address: its IL offset from <paramref name="maps"/>, then the method's PDB.</summary>
    private SourceLocation? LiveSourceLine(TraceCodeAddress address, TraceMethod method, NativeCodeMaps maps)
    {
        int ilOffset = maps.IlOffset(address.Address);
        return ilOffset >= 0 && method.MethodModuleFile is { } moduleFile && SymbolsOf(moduleFile) is { } module
            ? module.SourceLocationForManagedCode((uint)method.MethodToken, ilOffset)
            : null;
    }

    /// <summary>The portable PDB of <paramref name="moduleFile"/> (the one its load event names, else the one beside it), opened once; null when none is found.</summary>
    private ManagedSymbolModule? SymbolsOf(TraceModuleFile moduleFile)
    {
        if (_modules.TryGetValue(moduleFile.ModuleFileIndex, out ManagedSymbolModule? known))
        {
            return known;
        }

        string? pdb = moduleFile.PdbSignature != Guid.Empty && !string.IsNullOrEmpty(moduleFile.PdbName)
            ? symbols.FindSymbolFilePath(moduleFile.PdbName, moduleFile.PdbSignature, moduleFile.PdbAge, moduleFile.FilePath)
            : null;
        if (pdb is null && !string.IsNullOrEmpty(moduleFile.FilePath) && Path.ChangeExtension(moduleFile.FilePath, ".pdb") is { } beside && File.Exists(beside))
        {
            pdb = beside;
        }

        ManagedSymbolModule? module = pdb is null ? null : symbols.OpenSymbolFile(pdb);
        _modules[moduleFile.ModuleFileIndex] = module;
        return module;
    }
}

/// <summary>A stack as frame indexes into <see cref="TraceFrames.List"/>, outermost first, with the line each frame was at (0 when unknown).</summary>
internal sealed record ResolvedStack(int[] Frames, int[] Lines);
