namespace Edm.Profiling.EventPipe;

/// <summary>A method seen in the samples; <paramref name="File"/> is its source file when its PDB was found.</summary>
internal sealed record StackFrame(string Name, string? Module, string? File);

/// <summary>
/// One distinct stack and how often it was sampled in one state. <see cref="Frames"/> index into
/// <see cref="SampledStacks.Frames"/>, outermost first; <see cref="Lines"/> holds, for each frame, the
/// source line the thread was at in it (0 when unknown).
/// </summary>
internal sealed record SampledStack(int[] Frames, int[] Lines, bool Running, long Count);

/// <summary>What a trace holds about CPU: the distinct stacks sampled, the frames they name, and the sampler's pace.</summary>
internal sealed class SampledStacks(List<StackFrame> frames)
{
    /// <summary>An empty set with frames of its own (tests build stacks by hand).</summary>
    internal SampledStacks()
        : this([])
    {
    }

    /// <summary>The frames the stacks' indexes point to (shared with the other readers of the trace).</summary>
    internal List<StackFrame> Frames { get; } = frames;

    internal List<SampledStack> Stacks { get; } = [];

    /// <summary>Threads sampled at least once.</summary>
    internal int Threads { get; set; }

    /// <summary>The time between two samples of one thread (the median seen in the trace).</summary>
    internal long IntervalNs { get; set; }

    /// <summary>The share of the time the sampler was on, when it sampled in windows; null when it ran all along.</summary>
    internal double? Duty { get; set; }

    /// <summary>The windows the sampler was on in, when it sampled in windows.</summary>
    internal int? Windows { get; set; }

    /// <summary>Sample events whose stack the trace could not give.</summary>
    internal long SamplesWithoutStack { get; set; }
}
