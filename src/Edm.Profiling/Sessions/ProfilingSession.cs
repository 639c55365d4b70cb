namespace Edm.Profiling;

/// <summary>
/// A running profiling session. Probes record into it from <see cref="Profiler.StartSession"/> until
/// <see cref="Stop"/>, which merges every thread's figures into a <see cref="SessionReport"/>.
/// </summary>
/// <remarks>
/// Sessions do not overlap. A call that began before a session started, or that is still running
/// when it stops, is not counted in it, and does not disturb the next session.
/// </remarks>
public sealed class ProfilingSession : IDisposable
{
    private readonly int _epoch;
    private readonly long _startTicks;
    private readonly IoSnapshot _ioStart;
    private readonly string? _disabledReason;
    private readonly ProbeCost? _cost;
    private SessionReport? _report;

    private ProfilingSession(string name, SessionOptions options, bool processWide, string? disabledReason)
    {
        Name = name;
        Options = options;
        IsProcessWide = processWide;
        _disabledReason = disabledReason;
        StartedAt = DateTimeOffset.UtcNow;
        _ioStart = IoCounters.ReadProcess();
        if (disabledReason is null)
        {
            _epoch = SessionState.Begin(this, options);
            _cost = SessionState.Cost;
        }

        _startTicks = ProbeClock.Now();
    }

    /// <summary>Name of the session.</summary>
    public string Name { get; }

    /// <summary>Options the session records with.</summary>
    public SessionOptions Options { get; }

    /// <summary>When the session started (UTC).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>True for the session <c>EDM_PROFILING_OUTPUT</c> starts, which runs until the process exits.</summary>
    public bool IsProcessWide { get; }

    /// <summary>Whether the session is still recording.</summary>
    public bool IsRunning => _report is null;

    internal static ProfilingSession Start(string name, SessionOptions options, bool processWide = false) =>
        new(name, options, processWide, Profiler.Enabled ? null :
            $"Profiling is disabled in this process ({ProfilingSwitches.EnabledVariable}=0 or the {ProfilingSwitches.EnabledSwitch} switch): no probe recorded.");

    /// <summary>
    /// Stops recording and returns what the session gathered. Calling it again returns the same report.
    /// </summary>
    public SessionReport Stop()
    {
        lock (SessionState.Gate)
        {
            return _report ??= BuildReport(stop: true);
        }
    }

    /// <summary>
    /// What the session has gathered so far, without stopping it. Calls still running are left out,
    /// and figures being written at that instant by other threads may be a call behind.
    /// </summary>
    public SessionReport Snapshot()
    {
        lock (SessionState.Gate)
        {
            return _report ?? BuildReport(stop: false);
        }
    }

    /// <summary>Stops the session if it is still running.</summary>
    public void Dispose() => Stop();

    private SessionReport BuildReport(bool stop)
    {
        long endTicks = ProbeClock.Now();
        long frequency = ProbeClock.Frequency;
        (List<ThreadBuffer> buffers, List<string> warnings) = 
            _disabledReason is not null ? ([], [_disabledReason]) :
            stop ? SessionState.End(_epoch) : SessionState.Peek(_epoch);
        IoSnapshot ioEnd = IoCounters.ReadProcess();
        var builder = new SessionReportBuilder(frequency, _startTicks);
        var (probes, methods, tree, timeline) = builder.Build(buffers, Options.RecordTimeline);
        long durationNs = ProbeClock.ToNanoseconds(endTicks - _startTicks, frequency);
        ProbeOverhead? overhead = null;
        if (_cost is not null)
        {
            (methods, tree, overhead) = OverheadCompensation.Apply(_cost, ProbeRegistry.Snapshot(), methods, tree, durationNs);
        }

        if (timeline is { DroppedEvents: > 0 })
        {
            warnings.Add($"The timeline reached its cap of {Options.TimelineCapacity:N0} events; {timeline.DroppedEvents:N0} events were dropped.");
        }

#if NETSTANDARD2_0
        if (ThreadAllocations.Unavailable is { } allocations && methods.Any(m => m.Allocations is not null))
        {
            warnings.Add(allocations);
        }
#endif

        return new SessionReport
        {
            Name = Name,
            StartedAt = StartedAt,
            DurationNs = durationNs,
            Environment = EnvironmentCollector.Collect(),
            Settings = new SessionSettings
            {
                MaxLayer = Profiler.MaxLayer == Layer.Lightweight ? Layer.Lightweight : Options.MaxLayer,
                CpuSampleInterval = Options.CpuSampleInterval,
                SampleReservoirSize = Options.SampleReservoirSize,
                RecordTimeline = Options.RecordTimeline,
                TimelineCapacity = Options.TimelineCapacity,
                TimestampFrequency = frequency,
                ProbeCost = _cost,
                AdaptiveTimingBudgetNs = _cost is not null && Options.AdaptiveTiming ? Options.AdaptiveTimingBudgetNs : null,
            },
            Probes = probes,
            Methods = methods,
            CallTree = tree,
            Io = ToSessionIo(_ioStart, ioEnd),
            Timeline = timeline,
            Overhead = overhead,
            Warnings = warnings,
        };
    }

    private static SessionIo? ToSessionIo(IoSnapshot start, IoSnapshot end)
    {
        if (!start.IsAvailable || !end.IsAvailable)
        {
            return null;
        }

        static long? Figure(long value) => value >= 0 ? value : null;
        static long? Delta(long a, long b) => a >= 0 && b >= 0 ? b - a : null;
        return new SessionIo
        {
            Source = IoCounters.Source,
            Start = new IoCounterSet
            {
                ReadBytes = Figure(start.ReadBytes), WriteBytes = Figure(start.WriteBytes),
                ReadCalls = Figure(start.ReadCalls), WriteCalls = Figure(start.WriteCalls),
                StorageReadBytes = Figure(start.StorageReadBytes), StorageWriteBytes = Figure(start.StorageWriteBytes),
            },
            End = new IoCounterSet
            {
                ReadBytes = Figure(end.ReadBytes), WriteBytes = Figure(end.WriteBytes),
                ReadCalls = Figure(end.ReadCalls), WriteCalls = Figure(end.WriteCalls),
                StorageReadBytes = Figure(end.StorageReadBytes), StorageWriteBytes = Figure(end.StorageWriteBytes),
            },
            Delta = new IoCounterSet
            {
                ReadBytes = Delta(start.ReadBytes, end.ReadBytes), WriteBytes = Delta(start.WriteBytes, end.WriteBytes),
                ReadCalls = Delta(start.ReadCalls, end.ReadCalls), WriteCalls = Delta(start.WriteCalls, end.WriteCalls),
                StorageReadBytes = Delta(start.StorageReadBytes, end.StorageReadBytes),
                StorageWriteBytes = Delta(start.StorageWriteBytes, end.StorageWriteBytes),
            },
        };
    }
}
