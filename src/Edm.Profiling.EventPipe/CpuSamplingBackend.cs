using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// CPU sampling in the program itself: an EventPipe session on the own process
/// (<c>Microsoft-DotNETCore-SampleProfiler</c> with a rundown), streamed to a temporary <c>.nettrace</c>
/// file while the session runs and read when it stops. Its samples are merged into the call tree as
/// the session's <see cref="SessionReport.CpuSamples"/>: the frames inside and between the probes.
/// </summary>
/// <remarks>
/// Ask for it by name: <c>new SessionOptions { Backends = ["cpu-sampling"] }</c>,
/// <c>EDM_PROFILING_BACKENDS=cpu-sampling</c>, or <c>--profile-backends cpu-sampling</c> with
/// <c>Edm.Profiling.CommandLine</c>. It cannot start where the runtime offers no diagnostic port
/// (<c>DOTNET_EnableDiagnostics=0</c>, some sandboxes): the session then carries a warning and
/// everything else. Starting costs about 0.1 s; stopping reads the trace (a few hundred ms for a few
/// seconds of samples), after the session's measured window.
/// </remarks>
public sealed class CpuSamplingBackend : IProfilerBackend
{
    /// <summary>The name sessions ask for it by.</summary>
    public const string BackendName = "cpu-sampling";

    /// <summary>Set to a file path, the <c>.nettrace</c> is kept there for PerfView or dotnet-trace users; otherwise it is deleted.</summary>
    public const string KeepTraceVariable = ProfilingSwitches.NetTraceVariable;

    private TraceRecording? _recording;
    private bool _stopped;

    /// <summary>A backend that keeps its trace where <c>EDM_PROFILING_NETTRACE</c> says, if set.</summary>
    public CpuSamplingBackend()
        : this(Environment.GetEnvironmentVariable(KeepTraceVariable) is { Length: > 0 } keep ? keep : null)
    {
    }

    /// <summary>A backend that keeps its <c>.nettrace</c> at <paramref name="keepTracePath"/> (null: delete it).</summary>
    public CpuSamplingBackend(string? keepTracePath) => KeepTracePath = keepTracePath;

    /// <summary>Where the raw trace is kept, or null when it is deleted after reading.</summary>
    public string? KeepTracePath { get; }

    /// <inheritdoc />
    public string Name => BackendName;

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Diagnostics are disabled in this process, or it has no diagnostic port.</exception>
    public void Start(ProfilingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (DiagnosticsSwitch.DisabledBy() is { } variable)
        {
            throw new NotSupportedException($"diagnostics are disabled in this process ({variable}=0), so the runtime offers no EventPipe session");
        }

        string path = KeepTracePath ?? Path.Combine(Path.GetTempPath(), $"edm-cpu-{Environment.ProcessId}-{Guid.NewGuid():N}.nettrace");
        try
        {
            _recording = TraceRecording.Start(Environment.ProcessId, path);
        }
        catch (Exception e) when (e is DiagnosticsClientException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw new NotSupportedException($"the runtime's diagnostic port is not available ({e.Message})", e);
        }
    }

    /// <inheritdoc />
    public void StopRecording()
    {
        if (_recording is null || _stopped)
        {
            return;
        }

        _stopped = true;
        _recording.Stop();
        _recording.Dispose();
    }

    /// <inheritdoc />
    public SessionReport Complete(SessionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_recording is null)
        {
            return report;
        }

        try
        {
            return CpuSampleMerge.AddSamples(report, _recording.Path, CpuSampleMerge.InProcess);
        }
        finally
        {
            if (KeepTracePath is null)
            {
                File.Delete(_recording.Path);
            }
        }
    }
}
