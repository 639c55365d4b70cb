#if NET
using System.Diagnostics;

namespace Edm.Profiling;

/// <summary>
/// Maps the UTC time an <see cref="System.Diagnostics.Tracing.EventListener"/> gets with each event
/// (<see cref="System.Diagnostics.Tracing.EventWrittenEventArgs.TimeStamp"/>) back to the
/// <see cref="Stopwatch"/> clock the probes read, through one pairing of the two clocks taken at start.
/// </summary>
/// <remarks>
/// The runtime stamps its events with the high-resolution clock <see cref="Stopwatch"/> reads and
/// turns the stamp into UTC with a pairing of its own, taken when the listener's session opened; this
/// one undoes it. The result is as precise as the two pairings agree: the <see cref="DateTime"/>
/// tick (100 ns) plus the gap between the two clock reads of each pairing (the narrowest of a few
/// tries is kept, typically well under a microsecond), plus any step of the system clock between the
/// two pairings (none in practice: they are taken milliseconds apart). Within a session there is no
/// drift: both sides convert differences of the same high-resolution clock.
/// </remarks>
internal readonly struct EventClock
{
    private const int Tries = 5;

    private readonly long _utcTicks;
    private readonly long _stopwatchTicks;
    private readonly double _stopwatchTicksPerUtcTick;

    internal EventClock(long utcTicks, long stopwatchTicks, long stopwatchFrequency)
    {
        _utcTicks = utcTicks;
        _stopwatchTicks = stopwatchTicks;
        _stopwatchTicksPerUtcTick = stopwatchFrequency / (double)TimeSpan.TicksPerSecond;
    }

    /// <summary>Reads both clocks now: the UTC reading bracketed by two <see cref="Stopwatch"/> reads, the narrowest bracket of a few.</summary>
    internal static EventClock Pair()
    {
        long bestUtc = 0, bestMiddle = 0, bestWidth = long.MaxValue;
        for (int i = 0; i < Tries; i++)
        {
            long before = Stopwatch.GetTimestamp();
            long utc = DateTime.UtcNow.Ticks;
            long after = Stopwatch.GetTimestamp();
            if (after - before < bestWidth)
            {
                (bestUtc, bestMiddle, bestWidth) = (utc, before + ((after - before) / 2), after - before);
            }
        }

        return new EventClock(bestUtc, bestMiddle, Stopwatch.Frequency);
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the UTC time <paramref name="utc"/>.</summary>
    internal long ToStopwatch(DateTime utc) => _stopwatchTicks + (long)Math.Round((utc.Ticks - _utcTicks) * _stopwatchTicksPerUtcTick);
}
#endif
