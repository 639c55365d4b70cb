namespace Edm.Profiling.EventPipe;

/// <summary>
/// CPU sampling in the program itself: an EventPipe session on the own process
/// (<c>Microsoft-DotNETCore-SampleProfiler</c> with a rundown), parsed live on a background thread while
/// the session runs (only distinct stacks are kept; <c>EDM_PROFILING_NETTRACE</c> keeps the raw file instead). Its samples are merged into the call tree as
/// the session's <see cref="SessionReport.CpuSamples"/>: the frames inside and between the probes.
/// </summary>
/// <remarks>
/// Ask for it by name: <c>new SessionOptions { Backends = ["cpu-sampling"] }</c>,
/// <c>EDM_PROFILING_BACKENDS=cpu-sampling</c>, or <c>--profile-backends cpu-sampling</c> with
/// <c>Edm.Profiling.CommandLine</c>. It cannot start where the runtime offers no diagnostic port
/// (<c>DOTNET_EnableDiagnostics=0</c>, some sandboxes): the session then carries a warning and
/// everything else. With <see cref="SessionOptions.SamplingDuty"/> below 1 (<c>EDM_PROFILING_SAMPLING_DUTY</c>) the
/// runtime's sampler runs in windows, that share of the time, and the estimates are scaled by the duty measured
/// (<see cref="CpuSamples.Duty"/>). Starting costs about 0.1 s (on a background thread for the process-wide session); stopping drains the rundown and names the stacks (tens of
/// milliseconds: a process-wide session rehearses its stop on its reader thread while the program runs), after the session's measured window. With <c>allocation-sampling</c> in the
/// same session, both share one EventPipe session and one reading of the stream.
/// </remarks>
public sealed class CpuSamplingBackend : SessionTraceBackend
{
    /// <summary>The name sessions ask for it by.</summary>
    public const string BackendName = "cpu-sampling";

    /// <summary>A backend that keeps its trace where <c>EDM_PROFILING_NETTRACE</c> says, if set.</summary>
    public CpuSamplingBackend()
        : this(KeepTraceFromEnvironment())
    {
    }

    /// <summary>A backend that keeps its <c>.nettrace</c> at <paramref name="keepTracePath"/> (null: delete it).</summary>
    public CpuSamplingBackend(string? keepTracePath)
        : base(keepTracePath, runtimeMajor: 0)
    {
    }

    /// <inheritdoc />
    public override string Name => BackendName;

    private protected override SessionReport AddSection(SessionReport report, TraceReadout trace) =>
        CpuSampleMerge.AddSamples(report, trace.Cpu, CpuSampleMerge.InProcess);
}
