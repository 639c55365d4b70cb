using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// An EventPipe session on this process, however it was opened (<see cref="OwnPortSession"/> or the diagnostics
/// client): its stream, how to stop it, what to dispose.
/// </summary>
internal sealed record OpenedSession(Stream EventStream, Action Stop, IDisposable Handle) : IDisposable
{
    /// <summary>The own port where <paramref name="configuration"/> can be asked for on it, else null (then the diagnostics client is used).</summary>
    /// <remarks><c>EDM_PROFILING_OWN_PORT=0</c> always gives null: a measuring aid.</remarks>
    internal static string? OwnPortFor(EventPipeSessionConfiguration configuration) =>
        OwnPortSession.CanRequest(configuration) && !ProfilingSwitches.IsOff(ProfilingSwitches.Read(ProfilingSwitches.OwnPortVariable))
            ? OwnPortSession.FindOwnPort()
            : null;

    /// <summary>
    /// Opens <paramref name="configuration"/> on <paramref name="port"/> (from <see cref="OwnPortFor"/>) or, when null
    /// or when the port does not answer (a stale socket file left by an earlier process of the same id), through
    /// <paramref name="client"/>.
    /// </summary>
    /// <exception cref="IOException">The runtime refused the session.</exception>
    internal static OpenedSession Open(EventPipeSessionConfiguration configuration, string? port, Func<DiagnosticsClient> client)
    {
        if (port is not null)
        {
            // Null: the port did not answer; the client finds the port its own way.
            if (OwnPortSession.TryOpen(port, configuration) is { } own)
            {
                return new OpenedSession(own.EventStream, own.Stop, own);
            }
        }

        EventPipeSession session = client().StartEventPipeSession(configuration);
        return new OpenedSession(session.EventStream, session.Stop, session);
    }

    public void Dispose() => Handle.Dispose();
}
