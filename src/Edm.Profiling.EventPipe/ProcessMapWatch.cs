namespace Edm.Profiling.EventPipe;

/// <summary>
/// Copies another process's memory map (<c>/proc/PID/maps</c>) while it runs: once at once, then every
/// <see cref="Interval"/>, keeping the last good copy. A traced child has exited by the time its trace is
/// converted, and its map with it; this copy lets the conversion name its native code by file
/// (<see cref="NativeModuleMap"/>) and its precompiled code by method (<see cref="PrecompiledMethods"/>),
/// as an in-process session does with its own map.
/// </summary>
/// <remarks>
/// A read costs well under a millisecond (a few hundred lines), so the copies cost the machine nothing
/// that shows. A copy is good when it names the runtime (<c>libcoreclr.so</c>): an exited process (a
/// zombie) reads empty, and a copy without the runtime is not the traced .NET process's. Code mapped in
/// the last interval before the process exited is not in the copy and stays unnamed.
/// </remarks>
internal sealed class ProcessMapWatch : IDisposable
{
    /// <summary>How often the map is copied after the first copy.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Func<string?> _read;
    private readonly Timer? _timer;
    private readonly object _gate = new();
    private string? _last;
    private bool _stopped;

    /// <summary>Starts copying the map of <paramref name="processId"/> (nothing on a system without <c>/proc</c>).</summary>
    internal ProcessMapWatch(int processId)
        : this(() => NativeModuleMap.ReadText(processId), OperatingSystem.IsLinux())
    {
    }

    /// <summary>Copies what <paramref name="read"/> returns (null: nothing to read now); <paramref name="timed"/>: again every <see cref="Interval"/>.</summary>
    internal ProcessMapWatch(Func<string?> read, bool timed)
    {
        _read = read;
        Copy();
        if (timed)
        {
            _timer = new Timer(_ => Copy(), null, Interval, Interval);
        }
    }

    /// <summary>
    /// Copies the map one last time (the process may still be running), stops copying, and returns the
    /// last good copy parsed, or null when there was none.
    /// </summary>
    internal NativeModuleMap? Stop()
    {
        _timer?.Dispose();
        Copy();
        lock (_gate)
        {
            _stopped = true;
            return _last is null ? null : NativeModuleMap.Parse(_last);
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            _stopped = true;
        }
    }

    /// <summary>Keeps the map read now if it is good; a failed or empty read keeps the copy before.</summary>
    internal void Copy()
    {
        string? maps;
        try
        {
            maps = _read();
        }
#pragma warning disable CA1031 // A copy that cannot be read keeps the one before; the timer thread must not throw.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        if (maps is null || !maps.Contains("/libcoreclr.so", StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            if (!_stopped)
            {
                _last = maps;
            }
        }
    }
}
