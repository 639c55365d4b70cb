using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// Adaptive timing on this thread: a probe that <see cref="AdaptiveTiming"/> switched to sampling is timed
/// one call in N (a random gap of mean N, so a periodic workload cannot alias with it); the calls in
/// between are counted, on their probe and their call-tree path, without a timestamp or a frame. The
/// next timed call of the same path stands for them (its weight), which keeps the scaled totals
/// unbiased while the counts stay exact.
/// </summary>
internal sealed partial class ThreadBuffer
{
    /// <summary>
    /// Counts the call without timing it and returns true, or returns false when this call must be
    /// timed: its turn came, or its place in the call tree is not the one the fast path knows.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal bool TrySkipSampled(int probeId)
    {
        ProbeSlot?[] probes = Probes;
        if ((uint)probeId >= (uint)probes.Length || probes[probeId] is not { } slot)
        {
            return false;
        }

        if (--slot.Countdown <= 0)
        {
            ResetCountdown(slot, probeId);
            return false;
        }

        if (SkippedPathSlot(probeId) is not { } pathSlot)
        {
            slot.Countdown++;
            return false;
        }

        slot.Calls++;
        slot.SkippedCalls++;
        slot.PendingWeight++;
        pathSlot.Calls++;
        pathSlot.SkippedCalls++;
        pathSlot.PendingWeight++;
        return true;
    }

    /// <summary>The path slot a skipped call counts in, found as the fast path finds it; null when that fails.</summary>
    private PathSlot? SkippedPathSlot(int probeId)
    {
        int depth = _depth;
        CallPath parent;
        if (depth > 0)
        {
            ref Frame top = ref _stack[depth - 1];
            if (top.IsEndedScope || top.Pending is not null)
            {
                return null;
            }

            parent = CallPath.Get(top.PathIndex);
        }
        else
        {
            if (AsyncFlow.Current is not null)
            {
                return null;
            }

            parent = CallPath.Root;
        }

        PathSlot?[] paths = Paths;
        return parent.CachedChild(probeId) is { } path && (uint)path.Index < (uint)paths.Length ? paths[path.Index] : null;
    }

    /// <summary>
    /// Records a timed call of a sampled probe with its weight. <see cref="AdaptiveTiming.SlowStreak"/> timed
    /// calls in a row that are too slow switch sampling off: the method turned slow, which one call
    /// preempted by the scheduler does not show.
    /// </summary>
    private static void RecordSampled(PathSlot pathSlot, long elapsed, long self, bool outermost, bool faulted, int probeId)
    {
        pathSlot.RecordWeighted(elapsed, self, outermost, faulted);
        ProbeSlot slot = pathSlot.Probe;
        if (!AdaptiveTiming.IsTooSlow(elapsed))
        {
            slot.SlowStreak = 0;
        }
        else if (++slot.SlowStreak >= AdaptiveTiming.SlowStreak)
        {
            slot.SlowStreak = 0;
            AdaptiveTiming.TimeEveryCall(probeId);
        }
    }

    /// <summary>Draws the gap to the next timed call of the slot's probe. Out of line: it runs once per timed call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ResetCountdown(ProbeSlot slot, int probeId) => slot.Countdown = NextGap(AdaptiveTiming.EveryOf(probeId));

    /// <summary>A gap drawn uniformly from 1..2N-1 (mean N).</summary>
    private int NextGap(int every)
    {
        if (every <= 1)
        {
            return 1;
        }

        ulong span = (ulong)(2 * every - 1);
        return 1 + (int)Math.BigMul(ProbeSlot.NextRandom(ref _random), span, out _);
    }

    /// <summary>Sets this thread's random state (tests vary it to check the sampling error bound).</summary>
    internal void Reseed(ulong seed) => _random = seed * 0x9E3779B97F4A7C15UL | 1;
}
