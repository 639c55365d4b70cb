#if NET
using System.Diagnostics;

namespace Edm.Profiling;

/// <summary>
/// Reads the managed heap and the working set at a low fixed rate on a timer thread, for the heap
/// series between collections: two cheap reads a tick (<see cref="ProcessMemory"/>), no allocation
/// beyond the list that keeps them. A reading that fails is skipped: the timer thread never throws.
/// </summary>
internal sealed class HeapSeriesSampler : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Reading> _readings = [];
    private readonly Timer _timer;
    private bool _stopped;

    internal HeapSeriesSampler(TimeSpan interval)
    {
        Interval = interval;
        Take();

        // The timer's thread gets no execution context of the caller's (its AsyncLocals stay with the program).
        using (ExecutionContext.SuppressFlow())
        {
            _timer = new Timer(_ => TakeOnTimer(), null, interval, interval);
        }
    }

    internal TimeSpan Interval { get; }

    /// <summary>Takes one last reading and stops; the readings in the order taken.</summary>
    internal IReadOnlyList<Reading> Stop()
    {
        _timer.Dispose();
        Take();
        lock (_gate)
        {
            _stopped = true;
            return [.. _readings];
        }
    }

    public void Dispose() => _timer.Dispose();

    private void TakeOnTimer()
    {
        try
        {
            Take();
        }
#pragma warning disable CA1031 // An exception on a timer thread would end the process: a reading that fails is left out.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Take()
    {
        long workingSet = ProcessMemory.WorkingSetBytes();
        long managed = ProcessMemory.ManagedHeapBytes();
        long at = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            // A tick that fired just before the timer was disposed may come late: readings stay in time order.
            if (!_stopped && (_readings.Count == 0 || _readings[^1].At <= at))
            {
                _readings.Add(new Reading(at, managed, workingSet));
            }
        }
    }

    /// <summary>One reading: a <see cref="Stopwatch"/> timestamp, the managed heap, and the working set (-1 when unreadable).</summary>
    internal readonly record struct Reading(long At, long ManagedBytes, long WorkingSetBytes);
}
#endif
