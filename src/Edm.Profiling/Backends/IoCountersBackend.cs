namespace Edm.Profiling;

/// <summary>The process I/O counters as a backend: read at start and at stop, their difference in <see cref="SessionReport.Io"/>.</summary>
internal sealed class IoCountersBackend : IProfilerBackend
{
    private IoSnapshot _start = IoSnapshot.Absent;
    private IoSnapshot _end = IoSnapshot.Absent;

    public string Name => ProfilerBackends.Io;

    public void Start(ProfilingSession session) => _start = IoCounters.ReadProcess();

    public void StopRecording()
    {
        _end = IoCounters.ReadProcess();
        Stopped = true;
    }

    private bool Stopped { get; set; }

    /// <summary>The counters when the session started.</summary>
    internal IoSnapshot StartCounters => _start;

    /// <summary>The counters now, or at the stop once stopped: the end of an interval.</summary>
    internal IoSnapshot Now() => Stopped ? _end : IoCounters.ReadProcess();

    /// <summary>The report with the counters between two readings (an interval of a rolling session).</summary>
    internal static SessionReport Between(SessionReport report, IoSnapshot start, IoSnapshot end) => report with { Io = ToSessionIo(start, end) };

    public SessionReport Complete(SessionReport report) => report with { Io = ToSessionIo(_start, _end) };

    /// <summary>The counters from start to now, for a snapshot of a running session.</summary>
    internal SessionReport Snapshot(SessionReport report) => report with { Io = ToSessionIo(_start, IoCounters.ReadProcess()) };

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
