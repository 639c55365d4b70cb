using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// An EventPipe session on this process, opened on its own diagnostic port (<see cref="OwnPortSession"/>) or
/// through the diagnostics client: its stream, how to stop it and what to dispose.
/// </summary>
internal sealed class OpenedSession : IDisposable
{
    private readonly Action _stop;
    private readonly IDisposable _handle;

    private OpenedSession(Stream eventStream, Action stop, IDisposable handle, bool onOwnPort)
    {
        EventStream = eventStream;
        _stop = stop;
        _handle = handle;
        OnOwnPort = onOwnPort;
    }

    /// <summary>The session's <c>nettrace</c> stream.</summary>
    internal Stream EventStream { get; }

    /// <summary>Whether the session was opened on the own port (no thread pool, no socket engine).</summary>
    internal bool OnOwnPort { get; }

    /// <summary>
    /// Opens <paramref name="configuration"/> on this process: on its own port where <see cref="OwnPortSession"/> can
    /// ask for it there and <c>EDM_PROFILING_OWN_PORT</c> is not off, otherwise (or when the port found does not
    /// answer) through <paramref name="client"/>.
    /// </summary>
    /// <exception cref="IOException">The runtime refused the session on its own port.</exception>
    internal static OpenedSession Open(EventPipeSessionConfiguration configuration, Func<DiagnosticsClient> client)
    {
        if (OwnPortSession.CanRequest(configuration)
            && !ProfilingSwitches.IsOff(ProfilingSwitches.Read(ProfilingSwitches.OwnPortVariable))
            && OwnPortSession.FindOwnPort() is { } port
            && OwnPortSession.TryOpen(port, configuration) is { } own)
        {
            return new OpenedSession(own.EventStream, own.Stop, own, onOwnPort: true);
        }

        EventPipeSession session = client().StartEventPipeSession(configuration);
        return new OpenedSession(session.EventStream, session.Stop, session, onOwnPort: false);
    }

    /// <summary>Ends the session: the runtime writes the rundown, then ends the stream.</summary>
    internal void Stop() => _stop();

    public void Dispose() => _handle.Dispose();
}
