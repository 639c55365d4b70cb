namespace Edm.Profiling.EventPipe;

/// <summary>
/// Copies another process's memory map (<c>/proc/PID/maps</c>) while it runs: at once, then after
/// <see cref="FirstInterval"/>, twice that, and so on up to every <see cref="LongestInterval"/>, keeping the
/// last good copy. A traced child has exited by the time its trace is converted, and its map with it;
/// this copy lets the conversion name its native code by file (<see cref="NativeModuleMap"/>) and its
/// precompiled code by method (<see cref="PrecompiledMethods"/>), as an in-process session does with its own map.
/// </summary>
/// <remarks>
/// A .NET process's map is about a thousand lines (100 KB); a read took 11–14 ms on a 2-core VM at load
/// 36, and the kernel holds the process's memory-map lock meanwhile. Most modules are mapped as the
/// program starts, so copies come often then and rarely later: about one every 2 s in a long run.
/// A copy is good when it names the runtime (<c>libcoreclr.so</c>): an exited process (a zombie) reads
/// empty, and a copy without the runtime is not the traced .NET process's. Code mapped after the last
/// copy (at most <see cref="LongestInterval"/> before the process exited) stays unnamed.
/// </remarks>
internal sealed class ProcessMapWatch : IDisposable
{
    /// <summary>The wait before the second copy.</summary>
    internal static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two copies.</summary>
    internal static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(2);

    private readonly Func<string?> _read;
    private readonly Timer? _timer;
    private readonly object _gate = new();
    private TimeSpan _interval = FirstInterval;
    private string? _last;
    private bool _stopped;

    /// <summary>Starts copying the map of <paramref name="processId"/> (nothing on a system without <c>/proc</c>).</summary>
    internal ProcessMapWatch(int processId)
        : this(() => NativeModuleMap.ReadText(processId), OperatingSystem.IsLinux())
    {
    }

    /// <summary>Copies what <paramref name="read"/> returns (null: nothing to read now); <paramref name="timed"/>: again and again, less and less often.</summary>
    internal ProcessMapWatch(Func<string?> read, bool timed)
    {
        _read = read;
        Copy();
        if (timed)
        {
            _timer = new Timer(_ => CopyAndWait(), null, FirstInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Stops copying and returns the last good copy parsed, or null when there was none. No copy is taken
    /// now: the process has exited, and its id may already be another process's.
    /// </summary>
    internal NativeModuleMap? Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            return _last is null ? null : NativeModuleMap.Parse(_last);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
        }
    }

    /// <summary>A timer tick: copies, then waits twice as long as before (up to <see cref="LongestInterval"/>) for the next.</summary>
    private void CopyAndWait()
    {
        Copy();
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            // Not stopped, so not disposed (both happen under the gate).
            _interval = After(_interval);
            _timer?.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The wait after one of <paramref name="interval"/>: twice as long, up to <see cref="LongestInterval"/>.</summary>
    internal static TimeSpan After(TimeSpan interval) => interval * 2 < LongestInterval ? interval * 2 : LongestInterval;

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
