namespace Edm.Profiling.EventPipe;

/// <summary>
/// A backend that reads its section from the session's shared EventPipe trace (<see cref="SessionTrace"/>):
/// it joins the trace when the session starts, ends it when the session stops, and adds its section
/// from what the trace holds when the session completes.
/// </summary>
public abstract class SessionTraceBackend : IProfilerBackend
{
    /// <summary>Set to a file path, the <c>.nettrace</c> is kept there for PerfView or dotnet-trace users; otherwise it is deleted.</summary>
    public const string KeepTraceVariable = ProfilingSwitches.NetTraceVariable;

    private readonly int _runtimeMajor;
    private SessionTrace? _trace;
    private bool _left;

    /// <summary>A backend that keeps the trace at <paramref name="keepTracePath"/> (null: delete it).</summary>
    /// <param name="keepTracePath">Where to keep the <c>.nettrace</c>, or null.</param>
    /// <param name="runtimeMajor">The runtime's major version (0: this process's).</param>
    private protected SessionTraceBackend(string? keepTracePath, int runtimeMajor)
    {
        KeepTracePath = keepTracePath;
        _runtimeMajor = runtimeMajor > 0 ? runtimeMajor : Environment.Version.Major;
    }

    /// <summary>Where the raw trace is kept, or null when it is deleted after reading.</summary>
    public string? KeepTracePath { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The path <c>EDM_PROFILING_NETTRACE</c> names, or null.</summary>
    private protected static string? KeepTraceFromEnvironment() =>
        Environment.GetEnvironmentVariable(KeepTraceVariable) is { Length: > 0 } keep ? keep : null;

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Diagnostics are disabled in this process, or it has no diagnostic port.</exception>
    public void Start(ProfilingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _trace = SessionTrace.Join(session, KeepTracePath, _runtimeMajor);
    }

    /// <inheritdoc />
    public void StopRecording() => _trace?.Stop();

    /// <inheritdoc />
    public SessionReport Complete(SessionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_trace is null || _left)
        {
            return report;
        }

        try
        {
            TraceReadout readout = _trace.Read();
            TraceTimings.Mark begun = _trace.Timings.Begin();
            SessionReport result = AddSection(report, readout);
            _trace.Timings.Add(Name, begun);
            return result;
        }
        finally
        {
            _left = true;
            _trace.Leave();
        }
    }

    /// <summary>Returns <paramref name="report"/> with this backend's section read from <paramref name="trace"/>.</summary>
    private protected abstract SessionReport AddSection(SessionReport report, TraceReadout trace);
}
