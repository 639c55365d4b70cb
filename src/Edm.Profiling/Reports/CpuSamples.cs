namespace Edm.Profiling;

/// <summary>
/// Stack samples of the session (docs/session-format.md, <c>cpuSamples</c>), merged into the call
/// tree: a sample whose stack passes through a probe's interceptor is charged to that probe's path
/// (<see cref="SampledPath"/>), and the frames below the innermost probe form a sampled subtree under
/// that call-tree node (<see cref="SampledNode"/>). Samples with no probe on the stack go under the
/// <c>(outside probes)</c> root, the path with no call-tree node.
/// </summary>
/// <remarks>
/// Counts are samples, not time: a sample stands for about <see cref="IntervalNs"/> of one thread
/// (÷ <see cref="Duty"/> when the sampler ran in windows: <see cref="EstimateNs"/>), so sampled figures are estimates, beside the exact figures of the probes. Running samples caught the
/// thread in managed code; waiting samples caught it outside managed code (blocked, sleeping, or in
/// native code), as the runtime reports it.
/// </remarks>
public sealed record CpuSamples
{
    /// <summary>Where the samples come from: <c>eventpipe</c> (the runtime's <c>Microsoft-DotNETCore-SampleProfiler</c>).</summary>
    public required string Source { get; init; }

    /// <summary><c>in-process</c> (the program sampled itself) or <c>out-of-process</c> (a tool attached to it).</summary>
    public string? Mode { get; init; }

    /// <summary>Time between two samples of one thread, as the sampler is set; a sample counts as this much time.</summary>
    public long IntervalNs { get; init; }

    /// <summary>
    /// The share of the sampled span during which the sampler was on (0 to 1), when it ran in windows
    /// (<c>EDM_PROFILING_SAMPLING_DUTY</c>); null: it ran all along, as 1. A sample then stands for
    /// <see cref="IntervalNs"/> ÷ <see cref="Duty"/> of one thread (<see cref="EstimateNs"/>).
    /// </summary>
    public double? Duty { get; init; }

    /// <summary>How many windows the sampler was on in, when it ran in windows; null otherwise.</summary>
    public int? Windows { get; init; }

    /// <summary>Threads that were sampled at least once.</summary>
    public int Threads { get; init; }

    /// <summary>Samples taken while the thread ran managed code.</summary>
    public long RunningSamples { get; init; }

    /// <summary>Samples taken while the thread was outside managed code: waiting, sleeping, or in native code.</summary>
    public long WaitingSamples { get; init; }

    /// <summary>The distinct methods the sampled subtrees name, by <see cref="SampledNode.FrameId"/>.</summary>
    public IReadOnlyList<SampledFrame> Frames { get; init; } = [];

    /// <summary>Samples per call-tree path (each path's own share: samples whose innermost probe is that path), and the <c>(outside probes)</c> root.</summary>
    public IReadOnlyList<SampledPath> Paths { get; init; } = [];

    /// <summary>The sampled subtrees: the frames below the innermost probe of each sample, merged by path.</summary>
    public IReadOnlyList<SampledNode> Nodes { get; init; } = [];

    /// <summary>
    /// The time <paramref name="samples"/> stand for, an estimate: samples × <see cref="IntervalNs"/>, divided
    /// by <see cref="Duty"/> when the sampler ran in windows (a missing or out-of-range duty counts as 1).
    /// </summary>
    /// <param name="samples">A count of samples of this session.</param>
    public long EstimateNs(long samples) =>
        Duty is { } duty and > 0 and < 1 ? (long)Math.Round(samples * (double)IntervalNs / duty) : samples * IntervalNs;

    /// <inheritdoc />
    public bool Equals(CpuSamples? other) =>
        other is not null
        && Source == other.Source
        && Mode == other.Mode
        && IntervalNs == other.IntervalNs
        && Duty == other.Duty
        && Windows == other.Windows
        && Threads == other.Threads
        && RunningSamples == other.RunningSamples
        && WaitingSamples == other.WaitingSamples
        && ListEquality.Equal(Frames, other.Frames)
        && ListEquality.Equal(Paths, other.Paths)
        && ListEquality.Equal(Nodes, other.Nodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Source, RunningSamples, WaitingSamples, ListEquality.Hash(Nodes));
}

/// <summary>One method seen in samples.</summary>
public sealed record SampledFrame
{
    /// <summary>The method as the runtime names it, e.g. <c>MathNet.Numerics.IntegralTransforms.Fourier.Forward(System.Numerics.Complex[])</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The module (assembly file name without extension) the code belongs to, when known.</summary>
    public string? Module { get; init; }

    /// <summary>Source file of the method, from its portable PDB, when one was found.</summary>
    public string? File { get; init; }
}

/// <summary>The samples charged to one call-tree path (or to the <c>(outside probes)</c> root).</summary>
public sealed record SampledPath
{
    /// <summary>The call-tree node (<see cref="CallTreeNode.Id"/>); null for <c>(outside probes)</c>.</summary>
    public int? CallTreeNodeId { get; init; }

    /// <summary>Running samples whose innermost probe is this path, the sampled subtree below it included.</summary>
    public long RunningSamples { get; init; }

    /// <summary>Waiting samples whose innermost probe is this path.</summary>
    public long WaitingSamples { get; init; }

    /// <summary>Samples that stopped in the probed method's own body, by source line (when its PDB was found).</summary>
    public IReadOnlyList<SampledLine>? Lines { get; init; }

    /// <inheritdoc />
    public bool Equals(SampledPath? other) =>
        other is not null && CallTreeNodeId == other.CallTreeNodeId && RunningSamples == other.RunningSamples
        && WaitingSamples == other.WaitingSamples && ListEquality.Equal(Lines, other.Lines);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CallTreeNodeId, RunningSamples, WaitingSamples);
}

/// <summary>One frame of a sampled subtree: a method reached by one sequence of frames below a call-tree path.</summary>
public sealed record SampledNode
{
    /// <summary>Id of the node within <see cref="CpuSamples.Nodes"/>.</summary>
    public int Id { get; init; }

    /// <summary>The sampled node this one was called from; null for a node right below its call-tree path.</summary>
    public int? ParentId { get; init; }

    /// <summary>The call-tree path the subtree hangs from; null under <c>(outside probes)</c>.</summary>
    public int? CallTreeNodeId { get; init; }

    /// <summary>The method, by index into <see cref="CpuSamples.Frames"/>.</summary>
    public int FrameId { get; init; }

    /// <summary>Running samples through this node, its callees included.</summary>
    public long RunningSamples { get; init; }

    /// <summary>Waiting samples through this node, its callees included.</summary>
    public long WaitingSamples { get; init; }

    /// <summary>Running samples that stopped in this frame itself.</summary>
    public long SelfRunningSamples { get; init; }

    /// <summary>Waiting samples that stopped in this frame itself.</summary>
    public long SelfWaitingSamples { get; init; }

    /// <summary>
    /// The source lines the samples through this node were at in this frame (the line running, or the
    /// call being made), when the method's PDB was found.
    /// </summary>
    public IReadOnlyList<SampledLine>? Lines { get; init; }

    /// <inheritdoc />
    public bool Equals(SampledNode? other) =>
        other is not null && Id == other.Id && ParentId == other.ParentId && CallTreeNodeId == other.CallTreeNodeId
        && FrameId == other.FrameId && RunningSamples == other.RunningSamples && WaitingSamples == other.WaitingSamples
        && SelfRunningSamples == other.SelfRunningSamples && SelfWaitingSamples == other.SelfWaitingSamples
        && ListEquality.Equal(Lines, other.Lines);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, ParentId, FrameId, RunningSamples);
}

/// <summary>Samples at one source line.</summary>
public sealed record SampledLine
{
    /// <summary>1-based line in the frame's <see cref="SampledFrame.File"/>.</summary>
    public int Line { get; init; }

    /// <summary>Samples (running and waiting) at that line.</summary>
    public long Samples { get; init; }
}
