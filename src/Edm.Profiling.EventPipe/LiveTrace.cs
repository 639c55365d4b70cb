using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// An EventPipe session on the own process read live: a background thread parses the stream as the
/// program runs (<see cref="NetTraceParser"/>, a reader of the format that decodes only the events the
/// backends need) and counts samples and allocations by stack id (<see cref="LiveTallies"/>), keeping the
/// method and module events to name the stacks by. Nothing is written to disk and no event is kept:
/// stopping only drains the rundown, then names the distinct stacks.
/// </summary>
/// <remarks>
/// <para>
/// TraceEvent's real-time <c>TraceLog</c> did this job before: it cost the program about a CPU second for
/// a few seconds sampled (its per-event work, its code compiled on first use, the garbage it made), three
/// times what the runtime's own sampler costs; the reader here does a few dictionary updates per event.
/// </para>
/// <para>
/// Opening the session costs its caller some tens of milliseconds (a request over the process's own diagnostic port,
/// <see cref="OpenedSession"/>, and the runtime opening the session). A session that starts with the process (<see cref="ProfilingSession.IsProcessWide"/>)
/// opens it on the reader thread instead, so the program runs on meanwhile: its first tens of milliseconds are not
/// sampled, which for a process-wide session is the program's own start-up. A session around a block of
/// code opens it before returning, so the block is sampled from its first instruction.
/// </para>
/// </remarks>
internal sealed class LiveTrace : IDisposable
{
    /// <summary>How long stopping waits for the rundown and the end of the stream.</summary>
    private static readonly TimeSpan s_endTimeout = TimeSpan.FromSeconds(30);

    private readonly EventPipeSessionConfiguration? _toOpen;
    private readonly LiveTallies _tallies = new();
    private readonly bool _discard;
    private readonly Func<PrecompiledMethods?>? _rehearse;
    private readonly Thread _reader;
    private readonly ManualResetEventSlim _opened = new();
    private readonly WindowedSampler? _windows;
    private OpenedSession? _session;
    private PrecompiledMethods? _rehearsed;
    private Thread? _rehearsalAhead;
    private bool _read;
    private long _readerCpuMilliseconds = -1;
    private Exception? _failure;
    private bool _disposed;

    private LiveTrace(OpenedSession? session, EventPipeSessionConfiguration? toOpen, bool discard, Func<PrecompiledMethods?>? rehearse, double samplerDuty, TimeSpan samplerWindow)
    {
        _session = session;
        _toOpen = toOpen;
        _discard = discard;
        _rehearse = rehearse;
        if (session is not null)
        {
            _opened.Set();
        }

        _reader = new Thread(ReadAll) { IsBackground = true, Name = "Edm.Profiling trace reader" };
        _reader.Start();
        if (samplerDuty < 1)
        {
            _windows = WindowedSampler.Start(samplerDuty, samplerWindow > TimeSpan.Zero ? samplerWindow : SessionOptions.DefaultSamplingWindow, discard);
        }
    }

    /// <summary>Starts tracing this process as <paramref name="configuration"/> says, read live.</summary>
    /// <param name="configuration">What the session asks the runtime for.</param>
    /// <param name="openOnReader">Open the session on the reader thread and return at once (an error opening it then surfaces at <see cref="Stop"/>).</param>
    /// <param name="discard">Read the stream and throw it away unparsed (<c>EDM_PROFILING_TRACE_DISCARD</c>: the overhead floor).</param>
    /// <param name="rehearse">
    /// With <paramref name="openOnReader"/>, run on the reader thread once the session is open, before reading
    /// (<see cref="StopPathRehearsal"/>): the runtime holds the events meanwhile. What it returns (the precompiled
    /// code's names, CoreLib's tables read) names the stacks at the stop.
    /// </param>
    /// <param name="samplerDuty">
    /// Below 1: the stack sampler is on in windows, this share of the time (<see cref="WindowedSampler"/>), and
    /// <paramref name="configuration"/> must not ask for it; 1: as <paramref name="configuration"/> says.
    /// </param>
    /// <param name="samplerWindow">With <paramref name="samplerDuty"/> below 1, each window's length (default: <see cref="SessionOptions.DefaultSamplingWindow"/>).</param>
    /// <exception cref="ServerNotAvailableException">The process has no diagnostic port (diagnostics disabled).</exception>
    internal static LiveTrace Start(EventPipeSessionConfiguration configuration, bool openOnReader = false, bool discard = false, Func<PrecompiledMethods?>? rehearse = null, double samplerDuty = 1, TimeSpan samplerWindow = default)
    {
        if (openOnReader)
        {
            return new LiveTrace(null, configuration, discard, rehearse, samplerDuty, samplerWindow);
        }

        OpenedSession session = Open(configuration);
        try
        {
            return new LiveTrace(session, null, discard, rehearse: null, samplerDuty, samplerWindow);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Ends the session (the runtime then writes its rundown) and waits until the reader has parsed the last event.</summary>
    /// <exception cref="TimeoutException">The stream did not end in time.</exception>
    /// <exception cref="NotSupportedException">The session could not be opened (opened on the reader thread).</exception>
    /// <exception cref="InvalidDataException">The stream could not be parsed.</exception>
    internal void Stop()
    {
        // The windows first: their samples end with the probes' window, not after the main session's rundown.
        _windows?.Stop();

        // A session opened on the reader thread may still be opening: stop it once it is open.
        if (!_opened.Wait(s_endTimeout))
        {
            throw new TimeoutException($"the EventPipe session did not open within {s_endTimeout.TotalSeconds:0} s");
        }

        try
        {
            _session?.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or ObjectDisposedException or TimeoutException)
        {
            // The stream has ended or ends now, without a rundown: the frames compiled before the session stay
            // unnamed (all JIT-compiled frames, when allocation sampling left the JIT events to the rundown).
        }

        if (!_reader.Join(s_endTimeout))
        {
            throw new TimeoutException($"the EventPipe stream did not end within {s_endTimeout.TotalSeconds:0} s of stopping the session");
        }

        if (_session is null)
        {
            throw new NotSupportedException($"the runtime's diagnostic port is not available ({_failure?.Message})", _failure);
        }

        if (_failure is not null)
        {
            throw new InvalidDataException($"the EventPipe stream could not be read ({_failure.Message})", _failure);
        }
    }

    /// <summary>
    /// Starts <paramref name="rehearse"/> (<see cref="StopPathRehearsal"/>) on a thread of its own and returns: called as a
    /// process-wide session begins to stop, so that the naming and attribution code is compiled on another core while the
    /// exiting thread completes the probes' section, not on the exiting thread after it (<see cref="Read"/> waits for it).
    /// Once; not with a rehearsal at the start.
    /// </summary>
    internal void RehearseAhead(Func<PrecompiledMethods?> rehearse)
    {
        if (_rehearse is not null || _rehearsalAhead is not null || _disposed)
        {
            return;
        }

        _rehearsalAhead = new Thread(() => _rehearsed = rehearse()) { IsBackground = true, Name = "Edm.Profiling stop rehearsal" };
        _rehearsalAhead.Start();
    }

    /// <summary>Events decoded, methods named and the reader thread's CPU time (for the trace timing line).</summary>
    internal string Counts => $"{_tallies.Events} events decoded ({_tallies.Breakdown}), {_tallies.Code.Count} methods, reader thread CPU {_readerCpuMilliseconds} ms{(_windows is null ? "" : ", " + _windows.Counts)}";

    /// <summary>The samples and allocations counted, their stacks named (after <see cref="Stop"/>).</summary>
    /// <exception cref="InvalidDataException">The stream could not be parsed (each backend of the session says so).</exception>
    internal TraceReadout Read()
    {
        if (_failure is not null && _session is not null)
        {
            throw new InvalidDataException($"the EventPipe stream could not be read ({_failure.Message})", _failure);
        }

        if (!_read)
        {
            throw new InvalidOperationException("the trace was not read: stop it first");
        }

        // The rehearsal started as the stop began (RehearseAhead) compiles the code below on another core: wait for it,
        // so this thread calls that code compiled; a rehearsal that did not end in time leaves its names unused.
        if (_rehearsalAhead is { } ahead && !ahead.Join(s_endTimeout))
        {
            _rehearsed = null;
        }

        using var lines = new PortablePdbLines();
        NativeModuleMap? modules = NativeModuleMap.OfProcess(Environment.ProcessId);
        PrecompiledMethods? precompiled = modules is null ? null : _rehearsed ?? new PrecompiledMethods(modules);
        try
        {
            if (precompiled is not null)
            {
                precompiled.Map = modules!; // the map now: modules loaded since the rehearsal
            }

            var frames = new TraceFrames(lines, modules, precompiled);
            TraceReadout readout = _tallies.Build(frames);
            return _windows is null ? readout : readout with { Cpu = _windows.Build(frames, _tallies.Code) };
        }
        finally
        {
            if (precompiled != _rehearsed)
            {
                precompiled?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _windows?.Dispose();
        _rehearsalAhead?.Join(s_endTimeout); // it fills _rehearsed
        _rehearsed?.Dispose();
        _session?.Dispose();
        _opened.Dispose();
    }

    /// <summary>Whether the session was opened on the process's own port (<see cref="OwnPortSession"/>); false until it is open.</summary>
    internal bool OnOwnPort => _opened.IsSet && _session is { OnOwnPort: true };

    private static OpenedSession Open(EventPipeSessionConfiguration configuration) =>
        OpenedSession.Open(configuration, () => new DiagnosticsClient(Environment.ProcessId));

    /// <summary>The reader thread: opens the session if asked to and parses the stream until it ends.</summary>
    private void ReadAll()
    {
        try
        {
            if (_toOpen is not null)
            {
                try
                {
                    _session = Open(_toOpen);
                }
                finally
                {
                    _opened.Set();
                }
            }

            // Every piece of code reading the stream will call, compiled now, in one burst with the session's
            // opening: code first called later, as each event kind first arrives, puts off the program's tiering.
            if (!_discard)
            {
                LiveReaderWarmUp.ForMainSession();
            }

            _rehearsed = _rehearse?.Invoke();

            // No rundown at the start: the session's own rundown, at its end, names what was compiled before.
            if (_discard)
            {
                _session!.EventStream.CopyTo(Stream.Null);
            }
            else
            {
                _tallies.Read(_session!.EventStream);
            }

            _read = true;
            _readerCpuMilliseconds = ThreadCpu.OfCurrentThreadMilliseconds();
        }
#pragma warning disable CA1031 // The reader thread must not bring the program down: the failure is reported at Stop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _failure = e;
            DrainAfterFailure();
        }
    }

    /// <summary>
    /// After a stream the reader could not parse, reads the rest unparsed: a stream no one reads would fill
    /// the runtime's buffers and hold up its writing of the rundown when the session stops.
    /// </summary>
    private void DrainAfterFailure()
    {
        try
        {
            _session?.EventStream.CopyTo(Stream.Null);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException or InvalidOperationException)
        {
            // The stream is gone: nothing left to drain.
        }
    }
}
