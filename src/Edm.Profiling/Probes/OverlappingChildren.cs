namespace Edm.Profiling;

/// <summary>
/// The children of one call that may still run while the call goes on or after it returns: async
/// calls (until their tasks complete) and scopes whose block awaits. Each one's time, cut at the
/// call's own end, is left out of the call's self time, whatever the call did meanwhile (awaited
/// them, waited with <c>.Wait()</c>, or went on): docs/session-format.md, "Self time".
/// </summary>
/// <remarks>
/// Children start on the call's logical flow but end on any thread, so the figures sit behind a lock.
/// This is the async path only: synchronous children never come here. Times are added, like those of
/// synchronous children, so a child started and ended (or undone) in any order gives the same sum.
/// </remarks>
internal class OverlappingChildren
{
    private int _running;
    private long _startsOfRunning;
    private long _ended;
    private bool _closed;

    /// <summary>A child started at <paramref name="start"/>.</summary>
    internal void Started(long start)
    {
        lock (this)
        {
            if (!_closed)
            {
                _running++;
                _startsOfRunning += start;
            }
        }
    }

    /// <summary>A child that <see cref="Started"/> at <paramref name="start"/> ended at <paramref name="end"/>; nothing once the call has ended.</summary>
    internal void Ended(long start, long end)
    {
        lock (this)
        {
            if (!_closed)
            {
                _running--;
                _startsOfRunning -= start;
                _ended += Math.Max(0, end - start);
            }
        }
    }

    /// <summary>Ends the call at <paramref name="end"/>: the time of its children, those still running counted to the end.</summary>
    internal long Close(long end)
    {
        lock (this)
        {
            long covered = _closed ? 0 : _ended + Math.Max(0, (_running * end) - _startsOfRunning);
            _closed = true;
            return covered;
        }
    }
}
