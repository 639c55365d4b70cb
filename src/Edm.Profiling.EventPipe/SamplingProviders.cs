using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>What an EventPipe session for CPU sampling asks the runtime for.</summary>
internal static class SamplingProviders
{
    /// <summary>The runtime's stack sampler: one <c>Thread/Sample</c> event with a stack per managed thread per tick.</summary>
    internal const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    /// <summary>The runtime's own events: method and module loads, to name the code addresses of the stacks.</summary>
    internal const string Runtime = "Microsoft-Windows-DotNETRuntime";

    /// <summary>
    /// Loader (0x8) and Jit (0x10) name the methods compiled during the session; JittedMethodILToNativeMap
    /// (0x20000) maps their native code to IL offsets, which the PDB maps to lines. Methods compiled
    /// before it started are named by the rundown at its end. No GC keyword: it adds four events a tick.
    /// </summary>
    private const long RuntimeKeywords = 0x8 | 0x10 | 0x20000;

    /// <summary>Buffer the runtime keeps for the session before it drops events (MB).</summary>
    internal const int BufferMegabytes = 256;

    internal static EventPipeProvider[] ForCpuSampling() =>
    [
        new EventPipeProvider(SampleProfiler, EventLevel.Informational),
        new EventPipeProvider(Runtime, EventLevel.Verbose, RuntimeKeywords),
    ];
}
