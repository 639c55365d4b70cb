namespace Edm.Profiling;

/// <summary>
/// One source of data in a session: the probes, the I/O counters, a sampling profiler. A session
/// starts its backends when it starts, stops them when it stops, and lets each add its section to the
/// <see cref="SessionReport"/>.
/// </summary>
/// <remarks>
/// <para>A backend instance serves one session: <see cref="ProfilerBackends"/> creates a fresh one for
/// each session that asks for it by name.</para>
/// <para>No member may throw into the program: the session catches what a backend throws, writes it as
/// a warning, and goes on without that backend's section. A backend that cannot start at all
/// (diagnostics disabled, no permission, unsupported platform) throws from <see cref="Start"/>.</para>
/// <para>Call order: every backend's <see cref="Start"/> (sampling backends first, the probe recorder
/// last, so the measured window starts once everything records), then at stop every
/// <see cref="StopRecording"/> (the probe recorder first), then every <see cref="Complete"/> in the order the
/// backends were started, each given the report the previous ones built.</para>
/// </remarks>
public interface IProfilerBackend
{
    /// <summary>Name of the backend, as <c>EDM_PROFILING_BACKENDS</c> and the report's <c>backends</c> list spell it.</summary>
    string Name { get; }

    /// <summary>Starts recording for <paramref name="session"/>; throws when the backend cannot run here.</summary>
    void Start(ProfilingSession session);

    /// <summary>Stops recording. Called once, whether or not <see cref="Complete"/> follows.</summary>
    void StopRecording();

    /// <summary>
    /// Returns <paramref name="report"/> with this backend's section added (<c>report with { … }</c>),
    /// and any warning of its own appended to <see cref="SessionReport.Warnings"/>.
    /// </summary>
    SessionReport Complete(SessionReport report);
}
