using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Garbage collections and the heap over time, memory_profiler's plot for a whole run: an EventPipe
/// session on the own process asks the runtime for its GC events only (no stacks, no rundown) and
/// parses them live on a background thread, while a timer reads the managed heap and the working set
/// at a low fixed rate. The session's <see cref="SessionReport.Gc"/> gets each collection (generation,
/// reason, pause, heap per generation after it, promoted bytes, fragmentation) and the heap series.
/// </summary>
/// <remarks>
/// Ask for it by name: <c>new SessionOptions { Backends = ["gc"] }</c>, <c>EDM_PROFILING_BACKENDS=gc</c>,
/// or <c>--profile-backends gc</c> with <c>Edm.Profiling.CommandLine</c>. Its cost: a handful of events
/// per collection and ten readings a second (<see cref="SessionOptions.HeapSeriesInterval"/>); starting
/// takes 0.1–0.15 s (the runtime opens the session), stopping about 0.1 s (the runtime flushes it), and
/// the parser about 0.2 s of CPU on its own thread (benchmarks/README.md, "Memory backends").
/// Where the runtime offers no diagnostic port (<c>DOTNET_EnableDiagnostics=0</c>) it does not start,
/// and the session carries a warning and everything else.
/// </remarks>
public sealed class GcBackend : IProfilerBackend, IDisposable
{
    /// <summary>The name sessions ask for it by.</summary>
    public const string BackendName = "gc";

    /// <summary>Microsoft-Windows-DotNETRuntime's GC keyword: collections, suspensions, heap statistics and history.</summary>
    private const long GcKeyword = 0x1;

    /// <summary>A few KB of events per collection: a small buffer is plenty.</summary>
    private const int BufferMegabytes = 16;

    private static readonly TimeSpan s_endTimeout = TimeSpan.FromSeconds(30);

    private readonly GcEventCollector _collector = new();
    private ProfilingSession? _session;
    private EventPipeSession? _eventPipe;
    private Task? _parsing;
    private HeapSeriesSampler? _sampler;
    private IReadOnlyList<HeapSeriesSampler.Reading> _readings = [];
    private string? _problem;
    private bool _parsingTimedOut;

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

        _session = session;
        try
        {
            var client = new DiagnosticsClient(Environment.ProcessId);
            _eventPipe = client.StartEventPipeSession(
                [new EventPipeProvider(SamplingProviders.Runtime, EventLevel.Informational, GcKeyword)], requestRundown: false, BufferMegabytes);
        }
        catch (Exception e) when (e is DiagnosticsClientException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw new NotSupportedException($"the runtime's diagnostic port is not available ({e.Message})", e);
        }

        EventPipeSession eventPipe = _eventPipe;
        _parsing = Task.Factory.StartNew(() => Parse(eventPipe), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        TimeSpan interval = session.Options.HeapSeriesInterval > TimeSpan.Zero ? session.Options.HeapSeriesInterval : SessionOptions.DefaultHeapSeriesInterval;
        _sampler = new HeapSeriesSampler(interval);
    }

    /// <inheritdoc />
    public void StopRecording()
    {
        if (_eventPipe is null)
        {
            return;
        }

        _readings = _sampler!.Stop();
        try
        {
            _eventPipe.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or ObjectDisposedException or TimeoutException)
        {
            // The stream ends anyway; what was parsed is kept.
        }

        if (_parsing is not null && !_parsing.Wait(s_endTimeout))
        {
            // Still parsing: its list cannot be read safely, so the session gets the heap readings only.
            _parsingTimedOut = true;
            _problem = $"The gc backend's event stream did not end within {s_endTimeout.TotalSeconds:0} s of stopping; the session has no collections, only the heap readings.";
        }

        _eventPipe.Dispose();
        _eventPipe = null;
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
            _parsingTimedOut ? [] : _collector.Collections, _readings, _session.StartTimestamp, Stopwatch.Frequency, report.DurationNs, _sampler?.Interval ?? TimeSpan.Zero);
        return report with
        {
            Gc = activity,
            Warnings = _problem is null ? report.Warnings : [.. report.Warnings, _problem],
        };
    }

    /// <summary>Stops recording if the session did not (a backend created but never stopped).</summary>
    public void Dispose() => StopRecording();

    private void Parse(EventPipeSession session)
    {
        try
        {
            using var source = new EventPipeEventSource(session.EventStream);
            _collector.Attach(source.Clr);
            source.Process();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException or FormatException or InvalidOperationException)
        {
            _problem = $"The gc backend stopped reading its events early ({e.GetType().Name}: {e.Message}); collections after that are missing.";
        }
    }
}
