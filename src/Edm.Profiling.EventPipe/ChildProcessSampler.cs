using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// CPU and allocation sampling of another process, as <c>dotnet-trace</c> does it: an EventPipe session
/// opened on the process's diagnostic port as soon as the port appears, streamed to a <c>.nettrace</c>
/// file until the process exits. <c>edm-prof run --sample</c> then adds the samples to the session the
/// program wrote (<see cref="AddSamplesAndAllocations"/>).
/// </summary>
/// <remarks>
/// While the process runs, its memory map is copied now and then (<see cref="ProcessMapWatch"/>), so that
/// the conversion, after it exited, names its native and precompiled code as an in-process session does.
/// The port appears when the program's runtime has started, so the first tens of milliseconds of
/// the program are not sampled; its probes count from the first probe, as always. The program's runtime
/// version is not known from outside, so allocations are asked for both ways (<c>AllocationSampled</c>
/// and <c>GCAllocationTick</c>); a runtime that has the first emits only it.
/// </remarks>
public sealed class ChildProcessSampler : IDisposable
{
    private readonly TraceRecording _recording;
    private readonly ProcessMapWatch _maps;

    private ChildProcessSampler(TraceRecording recording, int processId)
    {
        _recording = recording;
        _maps = new ProcessMapWatch(processId);
    }

    /// <summary>The <c>.nettrace</c> file the samples are streamed to.</summary>
    public string TracePath => _recording.Path;

    /// <summary>The process's memory map as last copied while it ran (after <see cref="Finish"/>); null when none could be read.</summary>
    internal NativeModuleMap? ProcessMap { get; private set; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the diagnostic port of <paramref name="processId"/>, then
    /// starts sampling its CPU stacks and allocations into <paramref name="tracePath"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The process offered no diagnostic port in time (not a .NET process, diagnostics disabled, or it exited).</exception>
    public static ChildProcessSampler Attach(int processId, string tracePath, TimeSpan timeout) =>
        Attach(processId, tracePath, timeout, [CpuSamplingBackend.BackendName, AllocationSamplingBackend.BackendName]);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the diagnostic port of <paramref name="processId"/>, then
    /// starts recording what <paramref name="backends"/> (<c>cpu-sampling</c>, <c>allocation-sampling</c>) need into <paramref name="tracePath"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The process offered no diagnostic port in time (not a .NET process, diagnostics disabled, or it exited).</exception>
    public static ChildProcessSampler Attach(int processId, string tracePath, TimeSpan timeout, IReadOnlyList<string> backends)
    {
        var clock = Stopwatch.StartNew();
        while (!IsPublished(processId))
        {
            if (clock.Elapsed > timeout)
            {
                throw new NotSupportedException(
                    $"process {processId} offered no diagnostic port within {timeout.TotalSeconds:0.#} s: it is not a .NET program, it exited, or diagnostics are disabled in it (DOTNET_EnableDiagnostics=0)");
            }

            Thread.Sleep(5);
        }

        try
        {
            return new ChildProcessSampler(TraceRecording.Start(processId, tracePath, SamplingProviders.For(backends, runtimeMajor: 0)), processId);
        }
        catch (Exception e) when (e is DiagnosticsClientException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw new NotSupportedException($"could not start an EventPipe session in process {processId}: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="environment"/> (the program's) disables diagnostics, and by which variable.</summary>
    public static string? DiagnosticsDisabledBy(IReadOnlyDictionary<string, string?> environment) => DiagnosticsSwitch.DisabledBy(environment);

    /// <summary>
    /// After the process exited: waits for the end of its stream; if the process is still running,
    /// stops the session. The trace file is then complete.
    /// </summary>
    public void Finish()
    {
        ProcessMap = _maps.Stop();
        if (!_recording.WaitForEnd(TimeSpan.FromSeconds(5)))
        {
            _recording.Stop();
        }
    }

    /// <summary>
    /// <paramref name="report"/> with the CPU samples and allocations of the finished trace (after
    /// <see cref="Finish"/>), attributed to its call tree. Native code is named by file and precompiled
    /// (ReadyToRun) code by method through the process's memory map, copied while it ran.
    /// </summary>
    /// <param name="report">The session the program wrote.</param>
    public SessionReport AddSamplesAndAllocations(SessionReport report) =>
        AllocationSampleMerge.AddSamplesAndAllocations(report, TracePath, CpuSampleMerge.OutOfProcess, ProcessMap);

    /// <inheritdoc />
    public void Dispose()
    {
        _maps.Dispose();
        _recording.Dispose();
    }

    private static bool IsPublished(int processId)
    {
        try
        {
            return DiagnosticsClient.GetPublishedProcesses().Contains(processId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
