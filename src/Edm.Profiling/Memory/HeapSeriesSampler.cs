#if NET
using System.Diagnostics;

namespace Edm.Profiling;

/// <summary>
/// Reads the managed heap and the working set at a low fixed rate on the ticker's thread (<see cref="ProfilerTicker"/>), for the heap
/// series between collections: two cheap reads a tick (<see cref="ProcessMemory"/>), no allocation
/// beyond the list that keeps them. A reading that fails is skipped.
/// </summary>
internal sealed class HeapSeriesSampler : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Reading> _readings = [];
    private readonly IDisposable _ticks;
    private bool _stopped;

    internal HeapSeriesSampler(TimeSpan interval)
    {
        Interval = interval;
        TakeOnTick(); // compiled now, not at the first tick (ProfilerTicker says why)

        _ticks = ProfilerTicker.Every(interval, TakeOnTick, first: interval);
    }

    internal TimeSpan Interval { get; }

    /// <summary>Takes one last reading and stops; the readings in the order taken.</summary>
    internal IReadOnlyList<Reading> Stop()
    {
        _ticks.Dispose();
        Take();
        lock (_gate)
        {
            _stopped = true;
            return [.. _readings];
        }
    }

    public void Dispose() => _ticks.Dispose();

    private void TakeOnTick()
    {
        try
        {
            Take();
        }
#pragma warning disable CA1031 // A reading that fails is left out; the ticker's thread must not throw.
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
            // A tick that started just before the ticker's job was disposed may come late: readings stay in time order.
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
