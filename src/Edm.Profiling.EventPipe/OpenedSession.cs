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
    internal static OpenedSession Open(EventPipeSessionConfiguration configuration, Func<DiagnosticsClient> client) =>
        Open(configuration, OwnPort(), client);

    /// <summary>
    /// The same on a port found once by a caller that opens many sessions (<see cref="OwnPort"/>; listing the temporary
    /// folder takes a few milliseconds); null: through <paramref name="client"/>.
    /// </summary>
    /// <exception cref="IOException">The runtime refused the session on its own port.</exception>
    internal static OpenedSession Open(EventPipeSessionConfiguration configuration, string? ownPort, Func<DiagnosticsClient> client)
    {
        if (ownPort is not null
            && OwnPortSession.CanRequest(configuration)
            && OwnPortSession.TryOpen(ownPort, configuration) is { } own)
        {
            return new OpenedSession(own.EventStream, own.Stop, own, onOwnPort: true);
        }

        EventPipeSession session = client().StartEventPipeSession(configuration);
        return new OpenedSession(session.EventStream, session.Stop, session, onOwnPort: false);
    }

    /// <summary>This process's own diagnostic port (<see cref="OwnPortSession.FindOwnPort"/>), or null where it cannot be used or <c>EDM_PROFILING_OWN_PORT</c> is off.</summary>
    internal static string? OwnPort() =>
        ProfilingSwitches.IsOff(ProfilingSwitches.Read(ProfilingSwitches.OwnPortVariable)) ? null : OwnPortSession.FindOwnPort();

    /// <summary>Ends the session: the runtime writes the rundown, then ends the stream.</summary>
    internal void Stop() => _stop();

    public void Dispose() => _handle.Dispose();
}
