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
    private bool _stopped;

    // Rolling sessions: where the interval not yet written starts, and the figures at its start.
    private readonly IntervalCut _cut = new();
    private long _intervalStartTicks;

    public string Name => ProfilerBackends.Probes;

    public void Start(ProfilingSession session)
    {
        _options = session.Options;
        if (disabledReason is null)
        {
            _epoch = SessionState.Begin(session, session.Options);
            _cost = SessionState.Cost;
            if (_cost is not null && _options.CalibrateAtStop && !_options.RecordTimeline)
            {
                ProbeCalibration.StartWarming(_epoch);
            }
        }

        _startTicks = _intervalStartTicks = ProbeClock.Now();
    }

    /// <summary>When the recorder started, in probe ticks: the start of the session's measured window.</summary>
    internal long StartTicks => _startTicks;

    /// <summary>
    /// Before the epoch closes, outside <see cref="SessionState.Gate"/>: ends the warm-up of the tiered
    /// calibration loops, and in a calibrated session that ran long enough, once those loops are warm, measures
    /// the Lightweight figures again through them (<see cref="ProbeCost.AtStop"/>). Its calls record on a thread
    /// of its own, whose buffer leaves the session's epoch before the buffers are collected.
    /// </summary>
    internal void CalibrateAtStop()
    {
        try
        {
            ProbeCalibration.StopWarming();
            if (_cost is null || _epoch == 0 || !_options.CalibrateAtStop || _options.RecordTimeline
                || ProbeClock.ToNanoseconds(ProbeClock.Now() - _startTicks, ProbeClock.Frequency) < _options.CalibrateAtStopAfter.Ticks * 100
                || Volatile.Read(ref SessionState.ActiveEpoch) != _epoch)
            {
                return;
            }

            if (ProbeCalibration.MeasureAtStop(_epoch, SessionState.ReserveEpoch()) is { } atStop)
            {
                _cost = _cost with { AtStop = atStop };
            }
        }
#pragma warning disable CA1031 // Profiling never throws into user code: the start's figures stand (a thread that could not start).
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Closes the epoch. Under <see cref="SessionState.Gate"/>.</summary>
    public void StopRecording()
    {
        _endTicks = ProbeClock.Now();
        (_buffers, _warnings) = disabledReason is not null ? ([], [disabledReason]) : SessionState.End(_epoch);
        _stopped = true;
    }

    public SessionReport Complete(SessionReport report) => Build(report, _buffers, [.. _warnings], _startTicks, _endTicks, report.Settings.RecordTimeline);

    /// <summary>
    /// The calls completed since the last committed interval (all of them, for the first), as a report
    /// starting then and ending now, or at the stop once stopped; the figures of the next interval start
    /// from here once <c>commit</c> runs. No timeline: intervals carry figures, not events. Under <see cref="SessionState.Gate"/>.
    /// </summary>
    internal (SessionReport Report, Action Commit) Interval(SessionReport report)
    {
        long end = _stopped ? _endTicks : ProbeClock.Now();
        (List<ThreadBuffer> buffers, List<string> warnings) = disabledReason is not null ? ([], [disabledReason])
            : _stopped ? (_buffers, [.. _warnings]) : SessionState.Peek(_epoch);
        (List<ThreadBuffer> interval, Dictionary<ThreadBuffer, IntervalCut.Copy> copies) = _cut.Take(buffers);
        long start = _intervalStartTicks;
        DateTimeOffset startedAt = report.StartedAt.AddTicks(ProbeClock.ToNanoseconds(start - _startTicks, ProbeClock.Frequency) / 100);
        SessionReport built = Build(report with { StartedAt = startedAt }, interval, warnings, start, end, timeline: false);
        return (built, () =>
        {
            _cut.Commit(copies);
            _intervalStartTicks = end;
        });
    }

    /// <summary>What the running epoch has gathered so far, without closing it. Under <see cref="SessionState.Gate"/>.</summary>
    internal SessionReport Snapshot(SessionReport report)
    {
        long now = ProbeClock.Now();
        (List<ThreadBuffer> buffers, List<string> warnings) = disabledReason is not null ? ([], [disabledReason]) : SessionState.Peek(_epoch);
        return Build(report, buffers, warnings, _startTicks, now, report.Settings.RecordTimeline);
    }

    private SessionReport Build(SessionReport report, List<ThreadBuffer> buffers, List<string> warnings, long startTicks, long endTicks, bool timeline)
    {
        long frequency = ProbeClock.Frequency;
        var builder = new SessionReportBuilder(frequency, startTicks) { SampleCapacity = _options.SampleReservoirSize };
        var (probes, methods, tree, timelineData) = builder.Build(buffers, timeline);
        long durationNs = ProbeClock.ToNanoseconds(endTicks - startTicks, frequency);
        ProbeOverhead? overhead = null;
        if (_cost is not null)
        {
            // The probes' own cost, measured when the session started, taken out of the times (calibration).
            (methods, tree, overhead) = OverheadCompensation.Apply(_cost, ProbeRegistry.Snapshot(), methods, tree, durationNs);
        }

        if (timelineData is { DroppedEvents: > 0 })
        {
            warnings.Add($"The timeline reached its cap of {report.Settings.TimelineCapacity:N0} events; {timelineData.DroppedEvents:N0} events were dropped.");
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
            Timeline = timelineData,
            Warnings = [.. report.Warnings, .. warnings],
        };
    }
}
