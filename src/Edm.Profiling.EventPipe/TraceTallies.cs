using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// What the backends of a session want from its trace, counted in one pass as the events go by: CPU
/// samples and allocation events by stack. The same tallies read a live session (<see cref="LiveTrace"/>)
/// and a converted file (<see cref="ConvertedTrace"/>), so both give the same attribution.
/// </summary>
internal sealed class TraceTallies
{
    private readonly CpuSampleTally _cpu = new();
    private readonly AllocationTally _allocations = new();

    /// <summary>The IL maps of the code compiled during the session, when it is read live (null for a converted file).</summary>
    internal NativeCodeMaps? LiveMaps { get; private set; }

    /// <summary>Counts the events <paramref name="source"/> will deliver; <paramref name="live"/> for a real-time source, which also keeps the IL maps.</summary>
    internal void Attach(TraceLogEventSource source, bool live = false)
    {
        if (live)
        {
            LiveMaps = new NativeCodeMaps();
            LiveMaps.Attach(source);
        }

        source.AllEvents += _cpu.Add;
        _allocations.Attach(source.Clr);
    }

    /// <summary>Both tallies with their stacks named, once every event has been delivered.</summary>
    internal TraceReadout Build(TraceLog log, TraceFrames frames) =>
        new(_cpu.Build(log, frames), _allocations.Build(log, frames));
}

/// <summary>What a session's trace holds for its backends: the CPU samples and the allocation events, their frames shared.</summary>
internal sealed record TraceReadout(SampledStacks Cpu, AllocationEvents Allocations);
