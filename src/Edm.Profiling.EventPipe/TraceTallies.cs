using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// What the backends of a session want from a converted trace (<see cref="ConvertedTrace"/>: a
/// <c>.nettrace</c> file read through TraceEvent's <see cref="TraceLog"/>), counted in one pass: CPU samples
/// and allocation events by stack. A live session is counted the same way by <see cref="LiveTallies"/>,
/// so both give the same attribution.
/// </summary>
internal sealed class TraceTallies
{
    private readonly CpuSampleTally<CallStackIndex> _cpu = new();
    private readonly AllocationTally<CallStackIndex> _allocations = new();

    /// <summary>Counts the events <paramref name="source"/> will deliver.</summary>
    internal void Attach(TraceLogEventSource source)
    {
        source.AllEvents += AddSample;
        source.Clr.AllocationSampling += e => _allocations.AddSampled(StackOf(e), e.TypeName, e.ObjectSize);
        source.Clr.GCAllocationTick += e => _allocations.AddTick(StackOf(e), e.TypeName, e.AllocationAmount64, e.ObjectSize);
    }

    /// <summary>Both tallies with their stacks named, once every event has been delivered.</summary>
    internal TraceReadout Build(TraceLogFrames frames) =>
        new(_cpu.Build(frames.Frames.List, frames.Resolve), _allocations.Build(frames.Frames.List, frames.Resolve));

    private static CallStackIndex? StackOf(TraceEvent e) => e.CallStackIndex() is var index && index != CallStackIndex.Invalid ? index : null;

    /// <summary>Counts <paramref name="e"/> if it is a CPU sample (any other event is ignored).</summary>
    private void AddSample(TraceEvent e)
    {
        if (e.ProviderGuid != ThreadSample.ProviderGuid && e.ProviderName != SamplingProviders.SampleProfiler)
        {
            return;
        }

        // Read in place: EventData() would copy the payload into a new array for every sample.
        int type = e.EventDataLength >= 4 ? Marshal.ReadInt32(e.DataStart) : 0;
        if (type is ThreadSample.External or ThreadSample.Managed)
        {
            _cpu.Add(e.ThreadID, e.TimeStampRelativeMSec, StackOf(e), type == ThreadSample.Managed);
        }
    }
}

/// <summary>What a session's trace holds for its backends: the CPU samples and the allocation events, their frames shared.</summary>
internal sealed record TraceReadout(SampledStacks Cpu, AllocationEvents Allocations);
