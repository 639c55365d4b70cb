namespace Edm.Profiling;

/// <summary>
/// The children of one call that may still run while the call goes on or after it returns: async
/// calls (until their tasks complete) and scopes whose block awaits. The call's self time leaves out
/// the time during which at least one of them ran, up to the call's own end, whatever the call did
/// meanwhile (awaited them, waited with <c>.Wait()</c>, or went on): docs/session-format.md, "Self time".
/// </summary>
/// <remarks>
/// Children start on the call's logical flow but end on any thread, so the counts sit behind a lock.
/// This is the async path only: synchronous children never come here.
/// </remarks>
internal class OverlappingChildren
{
    private int _running;
    private long _runningSince;
    private long _covered;
    private bool _closed;

    /// <summary>A child started at <paramref name="start"/>.</summary>
    internal void Started(long start)
    {
        lock (this)
        {
            if (!_closed && _running++ == 0)
            {
                _runningSince = start;
            }
        }
    }

    /// <summary>A child that <see cref="Started"/> ended at <paramref name="end"/>; nothing once the call has ended.</summary>
    internal void Ended(long end)
    {
        lock (this)
        {
            if (!_closed && --_running == 0)
            {
                _covered += Math.Max(0, end - _runningSince);
            }
        }
    }

    /// <summary>Ends the call at <paramref name="end"/>: the time its children covered, children still running clipped to the end.</summary>
    internal long Close(long end)
    {
        lock (this)
        {
            if (!_closed && _running > 0)
            {
                _covered += Math.Max(0, end - _runningSince);
            }

            _closed = true;
            return _covered;
        }
    }
}
