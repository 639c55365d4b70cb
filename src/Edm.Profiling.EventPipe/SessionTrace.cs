using System.Runtime.CompilerServices;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// The one EventPipe session the EventPipe backends of a profiling session share: the first backend to
/// start opens it with the union of what every backend the session asked for needs
/// (<see cref="SamplingProviders.For"/>), the others join it; the first to stop ends it, the first to
/// complete reads it once (<see cref="TraceReadout"/>), and the last to leave frees it. So CPU and
/// allocation sampling cost one session, one stream and one reading.
/// </summary>
/// <remarks>
/// The stream is parsed live on a background thread by a reader of the format (<see cref="LiveTrace"/>), so
/// stopping only drains the runtime's rundown. When the raw <c>.nettrace</c> is to be kept, it is streamed to that file instead
/// and converted after the session (<see cref="TraceRecording"/>, <see cref="ConvertedTrace"/>): slower,
/// the same attribution.
/// </remarks>
internal sealed class SessionTrace
{
    private static readonly object s_gate = new();
    private static readonly ConditionalWeakTable<ProfilingSession, SessionTrace> s_bySession = [];

    private readonly LiveTrace? _live;
    private readonly TraceRecording? _recording;
    private int _users = 1;
    private bool _stopped;
    private TraceReadout? _readout;
    private EventHandler? _atExit;

    private SessionTrace(LiveTrace? live, TraceRecording? recording, TraceTimings timings)
    {
        _live = live;
        _recording = recording;
        Timings = timings;
    }

    /// <summary>Where this trace's wall time goes (<c>EDM_PROFILING_TRACE_TIMING</c>).</summary>
    internal TraceTimings Timings { get; }

    /// <summary>
    /// The session's trace, started now if no backend of <paramref name="session"/> has started it.
    /// </summary>
    /// <param name="session">The profiling session.</param>
    /// <param name="keepTracePath">Where to keep the <c>.nettrace</c> (null: read live, no file).</param>
    /// <param name="runtimeMajor">The runtime's major version, which decides the allocation event asked for.</param>
    /// <exception cref="NotSupportedException">The runtime offers no EventPipe session here.</exception>
    internal static SessionTrace Join(ProfilingSession session, string? keepTracePath, int runtimeMajor)
    {
        lock (s_gate)
        {
            if (s_bySession.TryGetValue(session, out SessionTrace? shared))
            {
                shared._users++;
                return shared;
            }

            if (DiagnosticsSwitch.DisabledBy() is { } variable)
            {
                throw new NotSupportedException($"diagnostics are disabled in this process ({variable}=0), so the runtime offers no EventPipe session");
            }

            var timings = TraceTimings.FromEnvironment();
            TraceTimings.Mark begun = timings.Begin();
            // A kept raw trace samples all along: the windows' samples would be in streams of their own, not in that file.
            double duty = keepTracePath is null && SamplingProviders.NeedSampler(session.Options.Backends, runtimeMajor)
                && session.Options.SamplingDuty is > 0 and < 1
                ? session.Options.SamplingDuty
                : 1;
            var configuration = SamplingProviders.For(session.Options.Backends, runtimeMajor, endsWithRundown: true, samplerInWindows: duty < 1);
            try
            {
                bool discard = DiscardSwitch(); // then the stop names nothing: nothing to rehearse
                bool atStart = false;
                Func<PrecompiledMethods?>? rehearsal = discard ? null : RehearsalFor(session, timings, out atStart);
                shared = keepTracePath is null
                    ? new SessionTrace(LiveTrace.Start(configuration, openOnReader: session.IsProcessWide, discard: discard, rehearse: atStart ? rehearsal : null, samplerDuty: duty, samplerWindow: session.Options.SamplingWindow), null, timings)
                    : new SessionTrace(null, TraceRecording.Start(Environment.ProcessId, keepTracePath, configuration), timings);
                if (rehearsal is not null && !atStart)
                {
                    shared.RehearseAtExit(rehearsal);
                }
            }
            catch (Exception e) when (e is Microsoft.Diagnostics.NETCore.Client.DiagnosticsClientException or IOException or TimeoutException or UnauthorizedAccessException)
            {
                throw new NotSupportedException($"the runtime's diagnostic port is not available ({e.Message})", e);
            }

            timings.Add("start", begun);
            s_bySession.Add(session, shared);
            return shared;
        }
    }

    /// <summary>Ends the EventPipe session (once, whichever backend asks first) and waits for the end of its stream.</summary>
    internal void Stop()
    {
        lock (s_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            TraceTimings.Mark begun = Timings.Begin();
            try
            {
                _live?.Stop();
                _recording?.Stop();
            }
            catch
            {
                _live?.Dispose(); // the backends that failed to stop never leave: end the session now
                throw;
            }
            finally
            {
                _recording?.Dispose();
                Timings.Add("stop", begun);
            }
        }
    }

    /// <summary>What the trace holds, read on first use (after <see cref="Stop"/>).</summary>
    internal TraceReadout Read()
    {
        lock (s_gate)
        {
            if (_readout is null)
            {
                TraceTimings.Mark begun = Timings.Begin();
                _readout = _live is not null ? _live.Read() : ReadFile(_recording!.Path);
                if (_live is not null && Timings.Enabled)
                {
                    Timings.Note(_live.Counts);
                }

                Timings.Add(_live is not null ? "name stacks" : "convert and read", begun);
            }

            return _readout;
        }
    }

    /// <summary>One backend is done with the trace; the last one frees it.</summary>
    internal void Leave()
    {
        lock (s_gate)
        {
            if (--_users > 0)
            {
                return;
            }

            _readout = null;
            if (_atExit is not null)
            {
                AppDomain.CurrentDomain.ProcessExit -= _atExit;
            }

            _live?.Dispose();
            Timings.Write();
        }
    }

    /// <summary>
    /// For a process-wide session with CPU or allocation sampling (stopped as the program exits), the rehearsal of its
    /// stop (<see cref="StopPathRehearsal"/>), and when it runs: by default as the program exits, on a thread of its own
    /// while the exiting thread completes the probes' section (<see cref="RehearseAtExit"/>); with
    /// <c>EDM_PROFILING_STOP_REHEARSAL=1</c> on the reader thread at the session's start (<paramref name="atStart"/>), whose
    /// few hundred methods called for the first time while the program starts put off the promotion of the program's
    /// hot code (benchmarks/README.md, "Tiering delay, ninth wave-2 session"); with <c>0</c> none (the exiting thread
    /// compiles that code as it names the stacks). Null for other sessions.
    /// </summary>
    private static Func<PrecompiledMethods?>? RehearsalFor(ProfilingSession session, TraceTimings timings, out bool atStart)
    {
        string? when = ProfilingSwitches.Read(ProfilingSwitches.StopRehearsalVariable);
        atStart = ProfilingSwitches.IsOn(when);
        bool cpu = session.Options.Backends.Contains(CpuSamplingBackend.BackendName, StringComparer.OrdinalIgnoreCase);
        bool allocations = session.Options.Backends.Contains(AllocationSamplingBackend.BackendName, StringComparer.OrdinalIgnoreCase);
        if (!session.IsProcessWide || !(cpu || allocations) || ProfilingSwitches.IsOff(when))
        {
            return null;
        }

        bool atStartNow = atStart;
        string phase = atStart ? "rehearsal (reader thread, while the program runs)" : "rehearsal (its own thread, as the stop began)";
        return () =>
        {
            TraceTimings.Mark begun = timings.Begin();
            PrecompiledMethods? precompiled = StopPathRehearsal.RunQuietly(cpu, allocations, readCoreLib: atStartNow);
            timings.Add(phase, begun);
            return precompiled;
        };
    }

    /// <summary>
    /// Starts <paramref name="rehearsal"/> on a thread of its own when the process begins to exit. The process session writes
    /// itself in a <see cref="AppDomain.ProcessExit"/> handler added after its backends started, and handlers run in the
    /// order they were added: this one runs first, returns at once, and the rehearsal compiles the naming and attribution
    /// code on the other core while that handler completes the probes' section (about 40 ms of the sample's exit).
    /// </summary>
    private void RehearseAtExit(Func<PrecompiledMethods?> rehearsal)
    {
        _atExit = (_, _) => _live?.RehearseAhead(rehearsal);
        AppDomain.CurrentDomain.ProcessExit += _atExit;
    }

    private static bool DiscardSwitch() => ProfilingSwitches.IsOn(ProfilingSwitches.Read(ProfilingSwitches.TraceDiscardVariable));

    private TraceReadout ReadFile(string path)
    {
        if (Timings.Enabled)
        {
            Timings.Note($"trace {new FileInfo(path).Length / 1e6:0.0} MB");
        }

        using ConvertedTrace converted = ConvertedTrace.Open(path);
        return converted.Read();
    }
}
