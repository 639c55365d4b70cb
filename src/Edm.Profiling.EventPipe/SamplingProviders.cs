using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// What an EventPipe session asks the runtime for, per backend: the backends of one session share one
/// EventPipe session, which asks for the union of what each needs (<see cref="For"/>).
/// </summary>
/// <remarks>
/// The runtime's stack sampler ticks every millisecond: .NET 10 fixes the rate (its EventPipe sets 1 ms at
/// startup and takes no provider argument for it; <c>DOTNET_EventPipeThreadSamplingRate</c>, read at the
/// runtime's start, comes with .NET 11), so what a session can cut is what it asks for beside the sampler.
/// </remarks>
internal static class SamplingProviders
{
    /// <summary>The runtime's stack sampler: one <c>Thread/Sample</c> event with a stack per managed thread per tick.</summary>
    internal const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    /// <summary>The runtime's own events: method and module loads, to name the code addresses of the stacks; GC and allocation events.</summary>
    internal const string Runtime = "Microsoft-Windows-DotNETRuntime";

    /// <summary>GC keyword: with Verbose level it brings <c>GCAllocationTick</c> (and every GC event).</summary>
    internal const long GcKeyword = 0x1;

    /// <summary>.NET 10's randomised <c>AllocationSampled</c> event (keyword AllocationSampling).</summary>
    internal const long AllocationSamplingKeyword = 0x80000000000;

    /// <summary>
    /// Loader (0x8) and Jit (0x10) name the methods compiled during the session; JittedMethodILToNativeMap
    /// (0x20000) maps their native code to IL offsets, which the PDB maps to lines. Methods compiled
    /// before it started are named by the rundown at its end. Every stack-reading backend needs them.
    /// No GC keyword for CPU sampling: it adds four events a tick.
    /// </summary>
    internal const long StackNamingKeywords = LoaderKeyword | JitKeywords;

    /// <summary>Loader: module loads (a handful per session).</summary>
    internal const long LoaderKeyword = 0x8;

    /// <summary>
    /// Jit (0x10) and JittedMethodILToNativeMap (0x20000): four events per method compiled (jitting
    /// started, code memory, method load, IL map).
    /// </summary>
    internal const long JitKeywords = 0x10 | 0x20000;

    /// <summary>Buffer the runtime keeps for the session before it drops events (MB).</summary>
    internal const int BufferMegabytes = 256;

    /// <summary>The .NET runtime major version from which <c>AllocationSampled</c> exists.</summary>
    internal const int AllocationSampledSince = 10;

    /// <summary>The .NET runtime major version from which a session may ask for events without stacks (an older one refuses the session).</summary>
    internal const int StackwalkChoiceSince = 9;

    /// <summary>Keywords of the runtime's rundown at the session's end: the client's default (loader, JIT, R2R methods, IL maps).</summary>
    internal const long RundownKeywords = 0x80020139;

    /// <summary>
    /// What one backend needs from the session: the stack sampler or not, runtime keywords, and whether the
    /// runtime's events must carry the stack they were raised on (allocation events do; the sampler's
    /// events carry the stack it walked either way, and the method events need none).
    /// </summary>
    internal readonly record struct Needs(bool StackSampler, long RuntimeKeywords, bool EventStacks);

    /// <summary>Whether any of <paramref name="backends"/> needs the runtime's stack sampler.</summary>
    internal static bool NeedSampler(IEnumerable<string> backends, int runtimeMajor) =>
        backends.Any(b => Of(b, runtimeMajor) is { StackSampler: true });

    /// <summary>What the backend named <paramref name="backend"/> needs, or null when it is not an EventPipe backend of this assembly.</summary>
    /// <param name="backend">The backend's name.</param>
    /// <param name="runtimeMajor">The major version of the runtime to be traced (0: unknown): below 10, allocations come from <c>GCAllocationTick</c>.</param>
    internal static Needs? Of(string backend, int runtimeMajor)
    {
        if (string.Equals(backend, CpuSamplingBackend.BackendName, StringComparison.OrdinalIgnoreCase))
        {
            return new Needs(StackSampler: true, StackNamingKeywords, EventStacks: false);
        }

        if (string.Equals(backend, AllocationSamplingBackend.BackendName, StringComparison.OrdinalIgnoreCase))
        {
            // Unknown runtime (0, another process): ask for both; a runtime with AllocationSampled on emits no GCAllocationTick.
            long allocations = runtimeMajor >= AllocationSampledSince ? AllocationSamplingKeyword
                : runtimeMajor > 0 ? GcKeyword
                : AllocationSamplingKeyword | GcKeyword;
            return new Needs(StackSampler: false, StackNamingKeywords | allocations, EventStacks: true);
        }

        return null;
    }

    /// <summary>
    /// The session for the union of what <paramref name="backends"/> need (names this assembly does not know are
    /// skipped). Without a backend that reads the stacks of the runtime's events, the runtime walks no stack
    /// for them: each method the program compiles during the session then costs its thread four events
    /// written, not four stack walks (the diagnostics client documents the walk as the cost it saves).
    /// </summary>
    /// <remarks>
    /// When the runtime's events must carry stacks (allocation sampling) and the session is sure to end with
    /// its rundown (<paramref name="endsWithRundown"/>: a session this process stops itself), it asks for no
    /// JIT events: the rundown lists every method whose code is still loaded at the end, each version of it
    /// (tier 0 and tier 1) with its IL map, so the live events only repeated it, each paying a stack walk
    /// on the thread that compiled the method (benchmarks/README.md, "Allocation sampling's cost").
    /// Code freed before the end (a collected dynamic method, an unloaded collectible assembly) is then
    /// left unnamed. A session on another process keeps them: that process may exit before any rundown.
    /// </remarks>
    /// <param name="backends">The backends' names.</param>
    /// <param name="runtimeMajor">The major version of the runtime to be traced (0: unknown, then every event keeps its stack).</param>
    /// <param name="endsWithRundown">Whether the session is stopped by its owner, so its rundown is written (in-process sessions).</param>
    /// <param name="samplerInWindows">The stack sampler runs in sessions of its own (<see cref="SamplerWindows"/>): leave it out of this one.</param>
    internal static EventPipeSessionConfiguration For(IEnumerable<string> backends, int runtimeMajor, bool endsWithRundown = false, bool samplerInWindows = false)
    {
        bool sampler = false;
        bool eventStacks = runtimeMajor < StackwalkChoiceSince;
        long keywords = 0;
        foreach (string backend in backends)
        {
            if (Of(backend, runtimeMajor) is { } needs)
            {
                sampler |= needs.StackSampler;
                keywords |= needs.RuntimeKeywords;
                eventStacks |= needs.EventStacks;
            }
        }

        var providers = new List<EventPipeProvider>();
        if (sampler && !samplerInWindows)
        {
            providers.Add(new EventPipeProvider(SampleProfiler, EventLevel.Informational));
        }

        keywords |= StackNamingKeywords;
        if (eventStacks && endsWithRundown)
        {
            keywords &= ~JitKeywords; // the rundown names what they would have, without a stack walk per event
        }

        // Verbose: GCAllocationTick and the IL-to-native maps are verbose events.
        providers.Add(new EventPipeProvider(Runtime, EventLevel.Verbose, keywords));
        return new EventPipeSessionConfiguration(providers, BufferMegabytes, RundownKeywords, eventStacks);
    }
}
