using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// An EventPipe session streamed to a <c>.nettrace</c> file on a background task: the stream is
/// copied as it comes, and the file is read once the session has ended (a rundown at the end names
/// the methods compiled before it started).
/// </summary>
internal sealed class TraceRecording : IDisposable
{
    /// <summary>How long stopping waits for the rundown and the end of the stream.</summary>
    private static readonly TimeSpan s_endTimeout = TimeSpan.FromSeconds(30);

    private readonly EventPipeSession _session;
    private readonly Task _copy;

    private TraceRecording(EventPipeSession session, string path)
    {
        _session = session;
        Path = path;
        _copy = Task.Run(() =>
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            session.EventStream.CopyTo(file);
        });
    }

    /// <summary>The <c>.nettrace</c> file being written.</summary>
    internal string Path { get; }

    /// <summary>Starts tracing the process <paramref name="processId"/> as <paramref name="configuration"/> says, into <paramref name="path"/>.</summary>
    /// <exception cref="ServerNotAvailableException">The process has no diagnostic port (diagnostics disabled, or it is gone).</exception>
    internal static TraceRecording Start(int processId, string path, EventPipeSessionConfiguration configuration)
    {
        var client = new DiagnosticsClient(processId);
        EventPipeSession session = client.StartEventPipeSession(configuration);
        return new TraceRecording(session, path);
    }

    /// <summary>Ends the session (the runtime then writes its rundown) and waits until the file is complete.</summary>
    internal void Stop()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or ObjectDisposedException or TimeoutException)
        {
            // The process is gone (out-of-process): the stream has ended or ends now, without a rundown.
        }

        WaitForEnd(s_endTimeout);
    }

    /// <summary>Waits until the stream ends (the process exited) or <paramref name="timeout"/> passes; true when it ended.</summary>
    internal bool WaitForEnd(TimeSpan timeout)
    {
        try
        {
            return _copy.Wait(timeout);
        }
        catch (AggregateException e) when (e.InnerException is IOException or ObjectDisposedException or EndOfStreamException)
        {
            return true; // the pipe broke when the process exited; what was copied is the trace
        }
    }

    public void Dispose() => _session.Dispose();
}
