namespace Edm.Profiling;

/// <summary>
/// A running profiling session. Its backends record from <see cref="Profiler.StartSession"/> until
/// <see cref="Stop"/>: the probes (every thread's figures merged into the call tree), the I/O
/// counters, and those asked for by <see cref="SessionOptions.Backends"/> (CPU sampling, …); each adds
/// its section to the <see cref="SessionReport"/>.
/// </summary>
/// <remarks>
/// Sessions do not overlap. A call that began before a session started, or that is still running
/// when it stops, is not counted in it, and does not disturb the next session. A backend that cannot
/// start or fails adds a warning; the session goes on without it.
/// </remarks>
public sealed class ProfilingSession : IDisposable
{
    private readonly ProbeRecorderBackend _probes;
    private readonly IoCountersBackend _io = new();
    private readonly BackendSet _extras;
    private readonly object _stopGate = new();
    private readonly RollingSessionWriter? _rolling;
    private IoSnapshot _intervalIo;
    private SessionReport? _report;

    private ProfilingSession(string name, SessionOptions options, bool processWide, string? disabledReason)
    {
        Name = name;
        Options = options;
        IsProcessWide = processWide;
        StartedAt = DateTimeOffset.UtcNow;
        _probes = new ProbeRecorderBackend(disabledReason);

        // Profiling switched off runs no backend at all; and an overlapping session is refused before
        // any sampler starts, so a refusal costs nothing.
        IReadOnlyList<string> extras = disabledReason is null ? options.Backends : [];
        if (extras.Count > 0)
        {
            SessionState.ThrowIfActive(name);
        }

        _extras = BackendSet.Create(extras);
        _extras.StartAll(this);
        _io.Start(this);
        try
        {
            _probes.Start(this);
        }
        catch
        {
            _extras.StopAll();
            throw;
        }

        if (disabledReason is null)
        {
            ProfilingMetrics.EnsureCreated();
            _intervalIo = _io.StartCounters;
            _rolling = StartRolling(options);
        }
    }

    /// <summary>The interval writer the options ask for, or null; options it cannot follow become warnings (after the probes' start, which clears them).</summary>
    private RollingSessionWriter? StartRolling(SessionOptions options)
    {
        if (options.FlushInterval is not { } interval)
        {
            return null;
        }

        if (interval <= TimeSpan.Zero)
        {
            SessionState.Warn($"The flush interval {interval} is not positive; the session is not written in intervals.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.IntervalOutput))
        {
            SessionState.Warn("A flush interval was given without an interval output; the session is not written in intervals.");
            return null;
        }

        if (options.Backends.Count > 0)
        {
            SessionState.Warn($"Interval sessions hold the probes' figures only; the sections of {string.Join(", ", options.Backends)} are not written in them.");
        }

        return RollingSessionWriter.Start(this, interval, options.IntervalOutput!, options.MaxFiles);
    }

    /// <summary>Name of the session.</summary>
    public string Name { get; }

    /// <summary>Options the session records with.</summary>
    public SessionOptions Options { get; }

    /// <summary>When the session started (UTC).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// The <see cref="System.Diagnostics.Stopwatch"/> timestamp the measured window started at: the zero of
    /// every time in the report (<c>atNs</c>, <c>startNs</c>). Backends that record their own times
    /// (the <c>gc</c> backend) subtract it in <see cref="IProfilerBackend.Complete"/>.
    /// </summary>
    public long StartTimestamp => _probes.StartTicks;

    /// <summary>True for the session <c>EDM_PROFILING_OUTPUT</c> starts, which runs until the process exits.</summary>
    public bool IsProcessWide { get; }

    /// <summary>Whether the session is still recording.</summary>
    public bool IsRunning => _report is null;

    /// <summary>The interval writer of a rolling session (<see cref="SessionOptions.FlushInterval"/>), or null.</summary>
    internal RollingSessionWriter? Rolling => _rolling;

    internal static ProfilingSession Start(string name, SessionOptions options, bool processWide = false) =>
        new(name, options, processWide, Profiler.Enabled ? null :
            $"Profiling is disabled in this process ({ProfilingSwitches.EnabledVariable}=0 or the {ProfilingSwitches.EnabledSwitch} switch): no probe recorded.");

    /// <summary>
    /// Stops recording and returns what the session gathered. Calling it again returns the same report.
    /// </summary>
    /// <remarks>
    /// The probes stop first; sampling backends then stop and resolve their stacks outside the probes'
    /// lock, so threads entering probes meanwhile are not held up.
    /// </remarks>
    public SessionReport Stop()
    {
        lock (_stopGate)
        {
            if (_report is not null)
            {
                return _report;
            }

            SessionReport report;
            _probes.CalibrateAtStop();
            lock (SessionState.Gate)
            {
                _probes.StopRecording();
                _io.StopRecording();
                report = _io.Complete(_probes.Complete(BaseReport()));
            }

            _extras.StopAll();
            report = _extras.CompleteAll(report);
            _report = report;
            _rolling?.Flush(last: true);
            return report;
        }
    }

    /// <summary>
    /// The calls completed since the last written interval, as a session of their own, and the action that
    /// makes the next interval start here (run once the interval is written). For <see cref="RollingSessionWriter"/>.
    /// </summary>
    internal (SessionReport Report, Action Commit) CutInterval()
    {
        lock (SessionState.Gate)
        {
            IoSnapshot ioEnd = _io.Now();
            IoSnapshot ioStart = _intervalIo;
            (SessionReport report, Action commit) = _probes.Interval(BaseReport());
            return (IoCountersBackend.Between(report, ioStart, ioEnd), () =>
            {
                commit();
                _intervalIo = ioEnd;
            });
        }
    }

    /// <summary>
    /// What the session has gathered so far, without stopping it. Calls still running are left out,
    /// and figures being written at that instant by other threads may be a call behind. Backends that
    /// add their section only when they stop (CPU sampling) are not in it.
    /// </summary>
    public SessionReport Snapshot()
    {
        lock (SessionState.Gate)
        {
            return _report ?? _io.Snapshot(_probes.Snapshot(BaseReport()));
        }
    }

    /// <summary>Stops the session if it is still running.</summary>
    public void Dispose() => Stop();

    /// <summary>The report before any backend adds its section: who, when, where, and with what settings.</summary>
    private SessionReport BaseReport() => new()
    {
        Name = Name,
        StartedAt = StartedAt,
        Environment = EnvironmentCollector.Collect(),
        Settings = new SessionSettings
        {
            MaxLayer = Profiler.MaxLayer == Layer.Lightweight ? Layer.Lightweight : Options.MaxLayer,
            CpuSampleInterval = Options.CpuSampleInterval,
            SampleReservoirSize = Options.SampleReservoirSize,
            RecordTimeline = Options.RecordTimeline,
            TimelineCapacity = Options.TimelineCapacity,
            TimestampFrequency = ProbeClock.Frequency,
        },
    };
}
