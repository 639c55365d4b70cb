namespace Edm.Profiling.EventPipe;

/// <summary>
/// Allocation sampling in the program itself: the runtime's allocation events with their stacks
/// (.NET 10's randomised <c>AllocationSampled</c>, about one per 100 KiB allocated; <c>GCAllocationTick</c>
/// on older runtimes), counted by stack as the stream is parsed live and attributed when the session stops, into <see cref="SessionReport.AllocationSamples"/>:
/// estimated bytes and objects by type, by allocation site (method and line), per probe and along the
/// call tree.
/// </summary>
/// <remarks>
/// Ask for it by name: <c>new SessionOptions { Backends = ["allocation-sampling"] }</c>,
/// <c>EDM_PROFILING_BACKENDS=allocation-sampling</c>, or <c>--profile-backends allocation-sampling</c>.
/// With <c>cpu-sampling</c> in the same session both share one EventPipe session and one reading of
/// the trace. Where the runtime offers no diagnostic port (<c>DOTNET_EnableDiagnostics=0</c>), the session
/// carries a warning and everything else. The estimator is described in docs/profiling.md.
/// </remarks>
public sealed class AllocationSamplingBackend : SessionTraceBackend
{
    /// <summary>The name sessions ask for it by.</summary>
    public const string BackendName = "allocation-sampling";

    /// <summary>A backend that keeps its trace where <c>EDM_PROFILING_NETTRACE</c> says, if set.</summary>
    public AllocationSamplingBackend()
        : this(KeepTraceFromEnvironment())
    {
    }

    /// <summary>A backend that keeps its <c>.nettrace</c> at <paramref name="keepTracePath"/> (null: delete it).</summary>
    public AllocationSamplingBackend(string? keepTracePath)
        : base(keepTracePath, runtimeMajor: 0)
    {
    }

    /// <summary>A backend that asks for the events of runtime <paramref name="runtimeMajor"/> (below 10: <c>GCAllocationTick</c>), for tests.</summary>
    internal AllocationSamplingBackend(string? keepTracePath, int runtimeMajor)
        : base(keepTracePath, runtimeMajor)
    {
    }

    /// <inheritdoc />
    public override string Name => BackendName;

    private protected override SessionReport AddSection(SessionReport report, TraceReadout trace) =>
        AllocationSampleMerge.AddAllocations(report, trace.Allocations, CpuSampleMerge.InProcess);
}
