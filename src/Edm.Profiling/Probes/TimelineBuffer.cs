namespace Edm.Profiling;

/// <summary>
/// One thread's enter/exit events, kept when the session records a timeline. Space comes from a
/// session-wide budget in chunks, so the cap holds across threads while the shared counter is
/// touched once per chunk, not per event. An enter is kept only with room for its exit, so the
/// events of every thread stay properly nested however many are dropped.
/// </summary>
internal sealed class TimelineBuffer
{
    private const int ChunkEvents = 4096;
    private static long s_budget;

    private long[] _ticks = new long[ChunkEvents];
    private int[] _codes = new int[ChunkEvents];
    private int _capacity;
    private int _pendingExits;

    internal int Count { get; private set; }

    internal long Dropped { get; private set; }

    /// <summary>Event ticks, parallel to <see cref="Codes"/>.</summary>
    internal ReadOnlySpan<long> Ticks => _ticks.AsSpan(0, Count);

    /// <summary>Probe id shifted left by one; the low bit is set for an exit.</summary>
    internal ReadOnlySpan<int> Codes => _codes.AsSpan(0, Count);

    internal static void ResetBudget(long events) => Volatile.Write(ref s_budget, events);

    internal bool TryEnter(int probeId, long ticks)
    {
        while (Count + _pendingExits + 2 > _capacity)
        {
            if (!TryGrow())
            {
                Dropped += 2;
                return false;
            }
        }

        Append(probeId << 1, ticks);
        _pendingExits++;
        return true;
    }

    internal void Exit(int probeId, long ticks)
    {
        _pendingExits--;
        Append((probeId << 1) | 1, ticks);
    }

    private void Append(int code, long ticks)
    {
        int i = Count;
        if (i == _ticks.Length)
        {
            Array.Resize(ref _ticks, i * 2);
            Array.Resize(ref _codes, i * 2);
        }

        _ticks[i] = ticks;
        _codes[i] = code;
        Count = i + 1;
    }

    /// <summary>
    /// Takes a chunk of the budget, or what is left of it when less: a cap below one chunk, or the
    /// last events of any cap, are still recorded.
    /// </summary>
    private bool TryGrow()
    {
        long left = Volatile.Read(ref s_budget);
        while (left > 0)
        {
            long take = Math.Min(ChunkEvents, left);
            long seen = Interlocked.CompareExchange(ref s_budget, left - take, left);
            if (seen == left)
            {
                _capacity += (int)take;
                return true;
            }

            left = seen;
        }

        return false;
    }
}
