#if NET
using System.Diagnostics;

namespace Edm.Profiling;

/// <summary>
/// Garbage collections and the heap over time, memory_profiler's plot for a whole run: an in-process
/// <see cref="System.Diagnostics.Tracing.EventListener"/> receives the runtime's GC events as they
/// happen, while a timer reads the managed heap and the working set at a low fixed rate. The
/// session's <see cref="SessionReport.Gc"/> gets each collection (generation, reason, pause, heap per
/// generation after it, promoted bytes, fragmentation) and the heap series.
/// </summary>
/// <remarks>
/// <para>Built in (no package beyond this one, .NET 8 and later): ask for it by name,
/// <c>new SessionOptions { Backends = ["gc"] }</c>, <c>EDM_PROFILING_BACKENDS=gc</c>, or
/// <c>--profile-backends gc</c> with <c>Edm.Profiling.CommandLine</c>.</para>
/// <para>Its cost: a dozen events per collection, decoded by the runtime on its dispatch thread, and
/// ten readings a second (<see cref="SessionOptions.HeapSeriesInterval"/>); starting builds the
/// runtime event source's descriptions once per process (tens of ms), stopping waits only for the
/// events of a collection that ended in the last ~10 ms (benchmarks/README.md, "Memory backends").</para>
/// <para>It needs no diagnostic port: <c>DOTNET_EnableDiagnostics=0</c> leaves it working (.NET 10; a
/// runtime that withheld the events would get a warning at stop, not a silent empty list). Where the
/// runtime's event source is not there (EventSource support switched off or trimmed away) it does not
/// start, and the session carries a warning and everything else.</para>
/// </remarks>
public sealed class GcBackend : IProfilerBackend, IDisposable
{
    /// <summary>The name sessions ask for it by.</summary>
    public const string BackendName = "gc";

    /// <summary>How long stopping waits for the events of the last collection; the runtime hands them over every ~10 ms.</summary>
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromMilliseconds(500);

    private readonly GcEventCollector _collector = new();
    private ProfilingSession? _session;
    private GcEventListener? _listener;
    private HeapSeriesSampler? _sampler;
    private IReadOnlyList<HeapSeriesSampler.Reading> _readings = [];
    private long _collectionsBefore;
    private string? _problem;

    /// <inheritdoc />
    public string Name => BackendName;

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The runtime's event source is not available in this process.</exception>
    public void Start(ProfilingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _collectionsBefore = GC.GetGCMemoryInfo(GCKind.Any).Index;
        TimeSpan interval = session.Options.HeapSeriesInterval > TimeSpan.Zero ? session.Options.HeapSeriesInterval : SessionOptions.DefaultHeapSeriesInterval;
        _listener = GcEventListener.Start(_collector, EventClock.Pair());
        GcEventCollector.WarmUp(); // compiled now, not at the first collection of some kind (its first calls put off the program's tiering)
        _sampler = new HeapSeriesSampler(interval);
        _session = session;
    }

    /// <inheritdoc />
    public void StopRecording()
    {
        if (_listener is null)
        {
            return;
        }

        _readings = _sampler!.Stop();

        // The runtime hands events over in batches: wait for those of the last collection that ended, if any ended since the start.
        long last = GC.GetGCMemoryInfo(GCKind.Any).Index;
        bool delivered = last <= _collectionsBefore || _collector.WaitForCompletion(last, s_deliveryTimeout);
        _listener.Dispose();
        _collector.Close();
        if (_listener.Fault is { } fault)
        {
            _problem = $"The gc backend could not read some of the runtime's GC events ({fault}); those collections are incomplete.";
        }
        else if (!delivered)
        {
            _problem = _collector.Collections.Count == 0
                ? $"The runtime delivered none of its {last - _collectionsBefore} collections' events to the gc backend; the session has the heap readings only."
                : $"The events of collection {last} had not arrived {s_deliveryTimeout.TotalMilliseconds:0} ms after the session stopped; the last collections may be missing or incomplete.";
        }

        _listener = null;
    }

    /// <inheritdoc />
    public SessionReport Complete(SessionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_session is null)
        {
            return report;
        }

        GcActivity activity = GcActivityBuilder.Build(
            _collector.Collections, _readings, _session.StartTimestamp, Stopwatch.Frequency, report.DurationNs, _sampler?.Interval ?? TimeSpan.Zero);
        return report with
        {
            Gc = activity,
            Warnings = _problem is null ? report.Warnings : [.. report.Warnings, _problem],
        };
    }

    /// <summary>Stops recording if the session did not (a backend created but never stopped).</summary>
    public void Dispose() => StopRecording();
}
#endif
