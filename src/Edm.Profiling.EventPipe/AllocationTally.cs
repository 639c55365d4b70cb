namespace Edm.Profiling.EventPipe;

/// <summary>The two allocation events a trace may carry.</summary>
internal static class AllocationTally
{
    internal const string SampledSource = "AllocationSampled";
    internal const string TickSource = "GCAllocationTick";
}

/// <summary>
/// Groups the allocation events of a trace as they pass (read live, or from a converted file):
/// <c>AllocationSampled</c> when the trace has any, <c>GCAllocationTick</c> otherwise, each weighted by
/// <see cref="AllocationEstimator"/> and grouped by stack (whatever key the reader interns stacks by,
/// <typeparamref name="TStack"/>) and type. <see cref="Build"/> names the stacks; the profiler's own
/// allocations (stacks through <c>Edm.Profiling.EventPipe</c>) are left out there.
/// </summary>
internal sealed class AllocationTally<TStack>
    where TStack : struct
{
    private readonly Grouping _sampled = new();
    private readonly Grouping _ticks = new();

    /// <summary>An <c>AllocationSampled</c> event: one object of <paramref name="objectSize"/> bytes.</summary>
    internal void AddSampled(TStack? stack, string? type, long objectSize)
    {
        (double bytes, double objects) = AllocationEstimator.Sampled(objectSize);
        _sampled.Add(stack, type, bytes, objects);
    }

    /// <summary>A <c>GCAllocationTick</c> event: <paramref name="amount"/> bytes allocated since the last, the last object <paramref name="objectSize"/> bytes (0: not given).</summary>
    internal void AddTick(TStack? stack, string? type, long amount, long objectSize)
    {
        (double bytes, double objects) = AllocationEstimator.Tick(amount, objectSize);
        _ticks.Add(stack, type, bytes, objects);
    }

    /// <summary>The events grouped, each stack named by <paramref name="resolve"/> (null: the profiler's own, left out) into <paramref name="frames"/>.</summary>
    internal AllocationEvents Build(List<StackFrame> frames, Func<TStack, ResolvedStack?> resolve)
    {
        // A runtime that emits AllocationSampled emits no tick while it is on; ticks alone mean an older runtime.
        bool useSampled = _sampled.Events > 0 || _ticks.Events == 0;
        Grouping chosen = useSampled ? _sampled : _ticks;
        var result = new AllocationEvents(frames)
        {
            Source = useSampled ? AllocationTally.SampledSource : AllocationTally.TickSource,
            MeanIntervalBytes = useSampled ? AllocationEstimator.SampledMeanIntervalBytes : AllocationEstimator.TickIntervalBytes,
        };

        foreach (((TStack? key, string type), Weight weight) in chosen.ByStack)
        {
            ResolvedStack? stack = key is { } index ? resolve(index) : null;
            if (stack is null && key is not null)
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
        internal Dictionary<(TStack? Stack, string Type), Weight> ByStack { get; } = [];

        internal long Events { get; private set; }

        internal void Add(TStack? stack, string? type, double bytes, double objects)
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
