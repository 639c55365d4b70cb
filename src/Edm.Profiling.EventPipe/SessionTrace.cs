using System.Runtime.CompilerServices;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// The one EventPipe session the EventPipe backends of a profiling session share: the first backend to
/// start opens it with the union of what every backend the session asked for needs
/// (<see cref="SamplingProviders.For"/>), the others join it; the first to stop ends it, the first to
/// complete converts the trace once, and the last to leave deletes the files. So CPU and allocation
/// sampling cost one session, one stream and one conversion.
/// </summary>
internal sealed class SessionTrace
{
    private static readonly object s_gate = new();
    private static readonly ConditionalWeakTable<ProfilingSession, SessionTrace> s_bySession = [];

    private readonly TraceRecording _recording;
    private readonly bool _keep;
    private int _users = 1;
    private bool _stopped;
    private ConvertedTrace? _converted;

    private SessionTrace(TraceRecording recording, bool keep)
    {
        _recording = recording;
        _keep = keep;
    }

    /// <summary>The <c>.nettrace</c> file.</summary>
    internal string Path => _recording.Path;

    /// <summary>
    /// The session's trace, started now if no backend of <paramref name="session"/> has started it.
    /// </summary>
    /// <param name="session">The profiling session.</param>
    /// <param name="keepTracePath">Where to keep the <c>.nettrace</c> (null: a temporary file, deleted at the end).</param>
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

            string path = keepTracePath ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"edm-trace-{Environment.ProcessId}-{Guid.NewGuid():N}.nettrace");
            TraceRecording recording;
            try
            {
                recording = TraceRecording.Start(Environment.ProcessId, path, SamplingProviders.For(session.Options.Backends, runtimeMajor));
            }
            catch (Exception e) when (e is Microsoft.Diagnostics.NETCore.Client.DiagnosticsClientException or IOException or TimeoutException or UnauthorizedAccessException)
            {
                throw new NotSupportedException($"the runtime's diagnostic port is not available ({e.Message})", e);
            }

            shared = new SessionTrace(recording, keepTracePath is not null);
            s_bySession.Add(session, shared);
            return shared;
        }
    }

    /// <summary>Ends the EventPipe session (once, whichever backend asks first) and waits for the complete file.</summary>
    internal void Stop()
    {
        lock (s_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            try
            {
                _recording.Stop();
            }
            finally
            {
                _recording.Dispose();
            }
        }
    }

    /// <summary>The trace, converted on first use (after <see cref="Stop"/>).</summary>
    internal ConvertedTrace Converted()
    {
        lock (s_gate)
        {
            return _converted ??= ConvertedTrace.Open(_recording.Path);
        }
    }

    /// <summary>One backend is done with the trace; the last one frees it and deletes the files (unless kept).</summary>
    internal void Leave()
    {
        lock (s_gate)
        {
            if (--_users > 0)
            {
                return;
            }

            _converted?.Dispose();
            _converted = null;
            if (!_keep)
            {
                ConvertedTrace.TryDelete(_recording.Path);
            }
        }
    }
}
