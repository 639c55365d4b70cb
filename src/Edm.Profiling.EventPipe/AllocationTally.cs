using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Groups the allocation events of a trace as they pass (live, or from a converted file):
/// <c>AllocationSampled</c> when the trace has any, <c>GCAllocationTick</c> otherwise, each weighted by
/// <see cref="AllocationEstimator"/> and grouped by stack and type. <see cref="Build"/> names the stacks;
/// the profiler's own allocations (stacks through <c>Edm.Profiling.EventPipe</c>) are left out there.
/// </summary>
internal sealed class AllocationTally
{
    internal const string SampledSource = "AllocationSampled";
    internal const string TickSource = "GCAllocationTick";

    private readonly Grouping _sampled = new();
    private readonly Grouping _ticks = new();

    /// <summary>Listens to the allocation events <paramref name="clr"/> parses.</summary>
    internal void Attach(ClrTraceEventParser clr)
    {
        clr.AllocationSampling += e =>
        {
            (double bytes, double objects) = AllocationEstimator.Sampled(e.ObjectSize);
            _sampled.Add(e.CallStackIndex(), e.TypeName, bytes, objects);
        };
        clr.GCAllocationTick += e =>
        {
            (double bytes, double objects) = AllocationEstimator.Tick(e.AllocationAmount64, e.ObjectSize);
            _ticks.Add(e.CallStackIndex(), e.TypeName, bytes, objects);
        };
    }

    /// <summary>The events grouped, their stacks named through <paramref name="frames"/> from <paramref name="log"/>.</summary>
    internal AllocationEvents Build(TraceLog log, TraceFrames frames)
    {
        // A runtime that emits AllocationSampled emits no tick while it is on; ticks alone mean an older runtime.
        bool useSampled = _sampled.Events > 0 || _ticks.Events == 0;
        Grouping chosen = useSampled ? _sampled : _ticks;
        var result = new AllocationEvents(frames.List)
        {
            Source = useSampled ? SampledSource : TickSource,
            MeanIntervalBytes = useSampled ? AllocationEstimator.SampledMeanIntervalBytes : AllocationEstimator.TickIntervalBytes,
        };

        foreach (((CallStackIndex index, string type), Weight weight) in chosen.ByStack)
        {
            ResolvedStack? stack = index == CallStackIndex.Invalid ? null : frames.Resolve(log, index);
            if (stack is null && index != CallStackIndex.Invalid)
            {
                continue; // the profiler's own allocation
            }

            result.Events += weight.Events;
            if (stack is null)
            {
                result.EventsWithoutStack += weight.Events;
            }

            result.Stacks.Add(new AllocationStack(stack?.Frames ?? [], stack?.Lines ?? [], type, weight.Bytes, weight.Objects, weight.Events));
        }

        return result;
    }

    private sealed class Weight
    {
        internal double Bytes;
        internal double Objects;
        internal long Events;
    }

    private sealed class Grouping
    {
        internal Dictionary<(CallStackIndex Stack, string Type), Weight> ByStack { get; } = [];

        internal long Events { get; private set; }

        internal void Add(CallStackIndex stack, string? type, double bytes, double objects)
        {
            var key = (stack, string.IsNullOrEmpty(type) ? "(unknown type)" : type);
            if (!ByStack.TryGetValue(key, out Weight? weight))
            {
                ByStack[key] = weight = new Weight();
            }

            weight.Bytes += bytes;
            weight.Objects += objects;
            weight.Events++;
            Events++;
        }
    }
}

/// <summary>
/// Allocation events of one type on one stack: estimated bytes and objects, and how many events.
/// <see cref="Frames"/> index into <see cref="AllocationEvents.Frames"/>, outermost first (empty when the
/// event had no stack); <see cref="Lines"/> the line each frame was at (0 when unknown).
/// </summary>
internal sealed record AllocationStack(int[] Frames, int[] Lines, string Type, double Bytes, double Objects, long Events);

/// <summary>What a trace holds about allocations: the weighted stacks, the frames they name, and which event they come from.</summary>
internal sealed class AllocationEvents(List<StackFrame> frames)
{
    internal List<StackFrame> Frames { get; } = frames;

    internal List<AllocationStack> Stacks { get; } = [];

    /// <summary><c>AllocationSampled</c> or <c>GCAllocationTick</c>.</summary>
    internal required string Source { get; init; }

    internal long MeanIntervalBytes { get; init; }

    /// <summary>Events read (the profiler's own left out).</summary>
    internal long Events { get; set; }

    /// <summary>Events whose stack the trace could not give: counted by type, placed on no path.</summary>
    internal long EventsWithoutStack { get; set; }
}
