namespace Edm.Profiling;

/// <summary>
/// The probes as a backend: starting it opens a session epoch that the generated interceptors and
/// <c>Profiler.Scope</c> record into; stopping it closes the epoch and collects the thread buffers;
/// completing merges them into the probe table, per-method figures, call tree and timeline.
/// </summary>
/// <remarks>
/// The hot path does not know backends exist: it reads <see cref="SessionState.ActiveEpoch"/> as it
/// always did, and this class only sets and clears it. Its <see cref="Start"/> is the one that may
/// throw into the caller: a session that overlaps another is refused, as <see cref="Profiler.StartSession"/> documents.
/// </remarks>
internal sealed class ProbeRecorderBackend(string? disabledReason) : IProfilerBackend
{
    private int _epoch;
    private ProbeCost? _cost;
    private SessionOptions _options = new();
    private long _startTicks;
    private long _endTicks;
    private List<ThreadBuffer> _buffers = [];
    private List<string> _warnings = [];

    public string Name => ProfilerBackends.Probes;

    public void Start(ProfilingSession session)
    {
        _options = session.Options;
        if (disabledReason is null)
        {
            _epoch = SessionState.Begin(session, session.Options);
            _cost = SessionState.Cost;
        }

        _startTicks = ProbeClock.Now();
    }

    /// <summary>When the recorder started, in probe ticks: the start of the session's measured window.</summary>
    internal long StartTicks => _startTicks;

    /// <summary>Closes the epoch. Under <see cref="SessionState.Gate"/>.</summary>
    public void StopRecording()
    {
        _endTicks = ProbeClock.Now();
        (_buffers, _warnings) = disabledReason is not null ? ([], [disabledReason]) : SessionState.End(_epoch);
    }

    public SessionReport Complete(SessionReport report) => Build(report, _buffers, _warnings, _endTicks);

    /// <summary>What the running epoch has gathered so far, without closing it. Under <see cref="SessionState.Gate"/>.</summary>
    internal SessionReport Snapshot(SessionReport report)
    {
        long now = ProbeClock.Now();
        (List<ThreadBuffer> buffers, List<string> warnings) = disabledReason is not null ? ([], [disabledReason]) : SessionState.Peek(_epoch);
        return Build(report, buffers, warnings, now);
    }

    private SessionReport Build(SessionReport report, List<ThreadBuffer> buffers, List<string> warnings, long endTicks)
    {
        long frequency = ProbeClock.Frequency;
        var builder = new SessionReportBuilder(frequency, _startTicks);
        var (probes, methods, tree, timeline) = builder.Build(buffers, report.Settings.RecordTimeline);
        long durationNs = ProbeClock.ToNanoseconds(endTicks - _startTicks, frequency);
        ProbeOverhead? overhead = null;
        if (_cost is not null)
        {
            // The probes' own cost, measured when the session started, taken out of the times (calibration).
            (methods, tree, overhead) = OverheadCompensation.Apply(_cost, ProbeRegistry.Snapshot(), methods, tree, durationNs);
        }

        if (timeline is { DroppedEvents: > 0 })
        {
            warnings.Add($"The timeline reached its cap of {report.Settings.TimelineCapacity:N0} events; {timeline.DroppedEvents:N0} events were dropped.");
        }

#if NETSTANDARD2_0
        if (ThreadAllocations.Unavailable is { } allocations && methods.Any(m => m.Allocations is not null))
        {
            warnings.Add(allocations);
        }
#endif

        return report with
        {
            DurationNs = durationNs,
            Settings = report.Settings with
            {
                ProbeCost = _cost,
                AdaptiveTimingBudgetNs = _cost is not null && _options.AdaptiveTiming ? _options.AdaptiveTimingBudgetNs : null,
            },
            Overhead = overhead,
            Probes = probes,
            Methods = methods,
            CallTree = tree,
            Timeline = timeline,
            Warnings = [.. report.Warnings, .. warnings],
        };
    }
}
