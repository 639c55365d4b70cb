using System.Reflection;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Runs, once, on a made-up trace, the code that stopping a session with CPU or allocation sampling runs on
/// the real one: a stack named through its methods' IL maps and a portable PDB, then a CPU sample counted on
/// it and attributed to a probe of a call tree, an allocation grouped by stack and type and attributed, or
/// both, as the session's backends will. A process-wide session does it, by default, on a thread of its own as the
/// process begins to exit, while the exiting thread completes the probes' section, so that thread does not first compile
/// that code; with <c>EDM_PROFILING_STOP_REHEARSAL=1</c> on its trace reader thread at its start (whose first calls put
/// off the program's tiering: benchmarks/README.md, "Tiering delay, ninth wave-2 session"); with <c>0</c> never.
/// </summary>
/// <remarks>
/// Measured on <c>edm evaluate --demo</c> (benchmarks/README.md, "Allocation sampling's cost"): about nine
/// tenths of the stop's naming and attribution time was the JIT and the runtime loading types on first use,
/// on the exiting thread while the other core idled; the work itself took a few milliseconds. The rehearsal
/// costs the same CPU once, where the program usually leaves a core free. Nothing it builds is kept.
/// </remarks>
internal static class StopPathRehearsal
{
    /// <summary>The made-up probe: its interceptor and its method, as generated code names them.</summary>
    internal const string ProbeName = "Rehearsal.Work.Allocate()";

    internal const string InterceptorName = ProbeFrameMatcher.GeneratedNamespace + "<Work>F0__WorkInterceptors.AllocateProbed()";

    internal const string CallerName = "Rehearsal.Program.Main()";

    internal const string TypeName = "Rehearsal.Particle";

    /// <summary>The made-up object's size.</summary>
    internal const long ObjectBytes = 64;

    private const ulong ModuleId = 1;

    /// <summary>
    /// Names a made-up stack, then counts one CPU sample (<paramref name="cpu"/>) and one allocation
    /// (<paramref name="allocations"/>) on it and attributes them to a one-probe session; returns the sections.
    /// With <paramref name="precompiled"/>, also reads CoreLib's ReadyToRun tables into it, for the stop to keep.
    /// </summary>
    internal static Sections Run(bool cpu, bool allocations, PrecompiledMethods? precompiled = null)
    {
        using var lines = new PortablePdbLines();
        NativeModuleMap? modules = precompiled?.Map ?? NativeModuleMap.OfProcess(Environment.ProcessId);
        var frames = new TraceFrames(lines, modules, precompiled);

        // Three methods, innermost first: the probed method, a line of which the PDB beside this assembly gives
        // (its code "compiled" from this class's Allocate), its interceptor, and a caller.
        var code = new CompiledMethods();
        code.AddModule(ModuleId, new ModuleFile(typeof(StopPathRehearsal).Assembly.Location, null, Guid.Empty, 0));
        int token = typeof(StopPathRehearsal).GetMethod(nameof(Allocate), BindingFlags.NonPublic | BindingFlags.Static)!.MetadataToken;
        string[] names = [ProbeName, InterceptorName, CallerName];
        var stack = new ulong[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            ulong start = 0x1000UL * (ulong)(i + 1);
            code.Add(thread: 0, methodId: i + 1, new CompiledMethod(start, 0x100, names[i], ModuleId, token));
            code.Maps.Mapped(0, i + 1, [0], [0]);
            stack[i] = start + 0x10;
        }

        var stacks = new InternedStacks();
        int stackId = stacks.Intern(stack);
        ResolvedStack? Resolve(int id) => frames.Resolve(stacks, id, code);

        var report = new SessionReport
        {
            Name = "rehearsal",
            Environment = new EnvironmentInfo(),
            Settings = new SessionSettings(),
            Probes = [new ProbeInfo { Id = 0, Name = ProbeName }],
            CallTree = [new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1 }],
        };

        CpuSamples? cpuSamples = null;
        if (cpu)
        {
            var samples = new CpuSampleTally<int>();
            samples.Add(thread: 1, milliseconds: 0, stackId, running: true);
            cpuSamples = CpuSampleMerge.AddSamples(report, samples.Build(frames.List, Resolve), CpuSampleMerge.InProcess).CpuSamples;
        }

        AllocationSamples? allocationSamples = null;
        if (allocations)
        {
            var tally = new AllocationTally<int>();
            tally.AddSampled(stackId, TypeName, ObjectBytes);
            allocationSamples = AllocationSampleMerge.AddAllocations(report, tally.Build(frames.List, Resolve), CpuSampleMerge.InProcess).AllocationSamples;
        }

        // The stop names CoreLib's precompiled code the rundown leaves unnamed (its P/Invoke stubs): its tables,
        // 16 MB of file, are read here, and kept.
        precompiled?.OpenAhead(typeof(object).Assembly.Location);
        return new Sections(cpuSamples, allocationSamples);
    }

    /// <summary>
    /// Runs the rehearsal, swallowing any failure: it only warms code up, and the real stop reports its own errors.
    /// Returns the precompiled code's names with CoreLib's tables read, for the stop (null where there is no map, or on failure).
    /// </summary>
    internal static PrecompiledMethods? RunQuietly(bool cpu, bool allocations, bool readCoreLib = true)
    {
        PrecompiledMethods? precompiled = null;
        try
        {
            precompiled = readCoreLib && NativeModuleMap.OfProcess(Environment.ProcessId) is { } map ? new PrecompiledMethods(map) : null;
            Run(cpu, allocations, precompiled);
            return precompiled;
        }
#pragma warning disable CA1031 // A rehearsal must never disturb the program or the session.
        catch (Exception)
#pragma warning restore CA1031
        {
            precompiled?.Dispose();
            return null;
        }
    }

    /// <summary>The method whose PDB line the made-up probed method's code maps to.</summary>
    private static byte[] Allocate() => new byte[ObjectBytes];

    /// <summary>What a rehearsal made: the sections of its made-up session (null for a kind not rehearsed).</summary>
    internal sealed record Sections(CpuSamples? Cpu, AllocationSamples? Allocations);
}
