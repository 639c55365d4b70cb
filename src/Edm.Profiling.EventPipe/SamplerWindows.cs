using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Switches the runtime's stack sampler on and off for <see cref="SamplingWindowLoop"/>: each window is a
/// second EventPipe session on the own process, beside the main one, that asks for the sampler alone
/// (no rundown, a small buffer); the runtime runs its sampler while some session asks for it. A reader
/// thread parses each window's stream as it comes (<see cref="WindowSamples"/>).
/// </summary>
/// <remarks>
/// Each window is opened like the main session (<see cref="OpenedSession"/>: on the process's own port, found once,
/// else through the diagnostics client). Switching costs a request over the diagnostic port each way, and the runtime starts a streaming thread
/// and its sampler thread for each window (measured: benchmarks/README.md); the main session, which names
/// the methods, runs all along.
/// </remarks>
internal sealed class SamplerWindows : ISamplerSwitch, IDisposable
{
    /// <summary>A window's buffer: a window of tens of milliseconds holds a few hundred kilobytes at most.</summary>
    internal const int BufferMegabytes = 16;

    /// <summary>How long switching off waits for the end of a window's stream.</summary>
    private static readonly TimeSpan s_endTimeout = TimeSpan.FromSeconds(30);

    private static readonly EventPipeSessionConfiguration s_samplerOnly = new(
        [new EventPipeProvider(SamplingProviders.SampleProfiler, EventLevel.Informational)],
        BufferMegabytes,
        requestRundown: false,
        requestStackwalk: true);

    private bool _portLookedUp;
    private string? _ownPort;
    private DiagnosticsClient? _client;
    private readonly bool _discard;
    private readonly BlockingCollection<OpenedSession> _toRead = [];
    private readonly SemaphoreSlim _windowRead = new(0);
    private readonly Thread _reader;
    private OpenedSession? _session;
    private TimeSpan? _lastOnTime;
    private Exception? _failure;
    private bool _disposed;

    /// <summary>Windows read into <paramref name="samples"/> (or thrown away unparsed when <paramref name="discard"/>).</summary>
    internal SamplerWindows(WindowSamples samples, bool discard)
    {
        Samples = samples;
        _discard = discard;
        _reader = new Thread(ReadWindows) { IsBackground = true, Name = "Edm.Profiling sampler windows reader" };
        _reader.Start();
    }

    /// <summary>The samples of the windows read so far.</summary>
    internal WindowSamples Samples { get; }

    /// <summary>CPU time of the reader thread after its last window (-1: not known).</summary>
    internal long ReaderCpuMilliseconds { get; private set; } = -1;

    /// <summary>The last reason a window could not open, if one could not.</summary>
    internal string? LastRefusal { get; private set; }

    /// <inheritdoc />
    /// <remarks>
    /// On a loaded machine the runtime now and then refuses a session or the connection to its diagnostic
    /// port while it is still ending the previous window: that window is skipped (no samples and no on-time,
    /// so the estimates stay right), the next one tries again.
    /// </remarks>
    public bool On()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_portLookedUp)
        {
            // Found once, on the window thread, not the program's: listing the temporary folder takes a few milliseconds.
            _ownPort = OpenedSession.OwnPort();
            _portLookedUp = true;
        }

        try
        {
            _session = OpenedSession.Open(s_samplerOnly, _ownPort, () => _client ??= new DiagnosticsClient(Environment.ProcessId));
        }
        catch (Exception e) when (e is DiagnosticsClientException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            LastRefusal = e.Message;
            return false;
        }

        _toRead.Add(_session);
        return true;
    }

    /// <inheritdoc />
    /// <exception cref="TimeoutException">The window's stream did not end in time.</exception>
    /// <exception cref="InvalidDataException">A window's stream could not be parsed.</exception>
    public TimeSpan? Off()
    {
        OpenedSession? session = _session;
        if (session is null)
        {
            return null;
        }

        _session = null;
        try
        {
            session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or ObjectDisposedException or TimeoutException)
        {
            // The stream has ended or ends now.
        }

        bool ended = _windowRead.Wait(s_endTimeout);
        session.Dispose();
        if (!ended)
        {
            throw new TimeoutException($"a sampler window's stream did not end within {s_endTimeout.TotalSeconds:0} s of stopping it");
        }

        if (_failure is not null)
        {
            throw new InvalidDataException($"a sampler window's stream could not be read ({_failure.Message})", _failure);
        }

        return _lastOnTime;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session?.Dispose();
        _toRead.CompleteAdding();
        _reader.Join(s_endTimeout);
        _toRead.Dispose();
        _windowRead.Dispose();
    }

    /// <summary>The reader thread: each window's stream, parsed to its end, one after the other.</summary>
    private void ReadWindows()
    {
        if (!_discard)
        {
            LiveReaderWarmUp.ForSamplerWindows(); // before the first window: nothing compiled when it arrives
        }

        foreach (OpenedSession session in _toRead.GetConsumingEnumerable())
        {
            try
            {
                _lastOnTime = null;
                if (_discard || _failure is not null)
                {
                    session.EventStream.CopyTo(Stream.Null);
                }
                else
                {
                    _lastOnTime = Samples.Read(session.EventStream);
                }
            }
#pragma warning disable CA1031 // The reader thread must not bring the program down: the failure is reported when the window is switched off.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure ??= e;
                Drain(session);
            }
            finally
            {
                ReaderCpuMilliseconds = ThreadCpu.OfCurrentThreadMilliseconds();
                _windowRead.Release();
            }
        }
    }

    /// <summary>Reads what is left of a stream the reader could not parse: an unread stream would hold up the runtime's end of the window.</summary>
    private static void Drain(OpenedSession session)
    {
        try
        {
            session.EventStream.CopyTo(Stream.Null);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException or InvalidOperationException)
        {
            // The stream is gone: nothing left to drain.
        }
    }
}
