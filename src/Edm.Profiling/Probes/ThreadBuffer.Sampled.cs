using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// Adaptive timing on this thread: a probe that <see cref="AdaptiveTiming"/> switched to sampling is timed
/// one call in N (a random gap of mean N, so a periodic workload cannot alias with it). Each timed call
/// draws the gap to the next one and stands for itself and the untimed calls of that gap: it credits them
/// at once to its probe and its call-tree path (its weight), and the interceptor counts them down in
/// <see cref="TryCountUntimed"/> with no frame, no timestamp and no call-tree lookup. The method's call
/// count stays exact: what was credited but not yet called (the countdown) is left out of every figure read
/// (<see cref="SettledProbe"/>, <see cref="SettledPath"/>); a path's count becomes an estimate when the
/// method has several paths, as the untimed calls follow the timed call before them.
/// </summary>
internal sealed partial class ThreadBuffer
{
    /// <summary>
    /// Per probe id: untimed calls of a sampled probe credited by its last timed call on this thread and not
    /// made yet. Written by the owner only (another thread only replaces the whole array with an empty one:
    /// <see cref="ForgetCountdowns"/>); another thread reads an element (an int: never torn).
    /// </summary>
    private int[] _untimed = [];

    /// <summary>
    /// Counts a call of a sampled probe without timing it when this thread still has untimed calls of it to
    /// make, and returns true; false when the call must go through the probe. Inlined into the interceptor,
    /// so it reads as little as it can: the thread's buffer, its countdowns, one element. No epoch check: a
    /// countdown belongs to the session that credited it, and every session's start empties the countdowns
    /// of all threads (<see cref="ForgetCountdowns"/>), so one left from an earlier session never counts a
    /// call of this one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryCountUntimed(int probeId)
    {
        if (t_current is { } buffer)
        {
            int[] untimed = buffer._untimed;
            if ((uint)probeId < (uint)untimed.Length && untimed[probeId] > 0)
            {
                untimed[probeId]--;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Drops this buffer's countdowns: called for every thread's buffer when a session starts, under the
    /// session lock (<see cref="SessionState.Begin"/>). The earlier session's figures were read when it
    /// stopped; its credited calls not made are nobody's now. The owner may still be decrementing the old
    /// array: that is harmless, no one reads it any more.
    /// </summary>
    internal void ForgetCountdowns() => Volatile.Write(ref _untimed, []);

    /// <summary>
    /// A timed call of a sampled probe on <paramref name="pathSlot"/>: draws the gap to the next timed call and
    /// credits its untimed calls to the probe and the path, so that this call's exit records it with its weight
    /// (<see cref="RecordSampled"/>). Out of line: it runs once per timed call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void BeginTimedTurn(int probeId, int pathIndex, PathSlot pathSlot)
    {
        ProbeSlot slot = pathSlot.Probe;
        int[] untimed = _untimed;
        if ((uint)probeId >= (uint)untimed.Length)
        {
            // Published only if no session started meanwhile (this call began under the previous one, and
            // ForgetCountdowns has run): a countdown must not outlive its session. Rare, so the exchange costs nothing.
            int[] grown = new int[Math.Max(Math.Max(16, probeId + 1), untimed.Length * 2)];
            Array.Copy(untimed, grown, untimed.Length);
            if (!ReferenceEquals(Interlocked.CompareExchange(ref _untimed, grown, untimed), untimed))
            {
                return;
            }

            untimed = grown;
        }

        // Untimed calls of the last gap that were never made (the interceptor stopped counting: the probe
        // was switched to timing every call, then back): taken back from where they were credited.
        if (untimed[probeId] > 0)
        {
            Uncredit(slot, untimed[probeId]);
        }

        int gap = NextGap(AdaptiveTiming.EveryOf(probeId)) - 1;

        // The countdown first: a reader in between sees this thread a few calls short, never ahead.
        untimed[probeId] = gap;
        slot.Calls += gap;
        slot.SkippedCalls += gap;
        slot.PendingWeight += gap;
        slot.CreditedPath = pathIndex;
        pathSlot.Calls += gap;
        pathSlot.SkippedCalls += gap;
        pathSlot.PendingWeight += gap;
    }

    private void Uncredit(ProbeSlot slot, int calls)
    {
        slot.Calls -= calls;
        slot.SkippedCalls -= calls;
        slot.PendingWeight -= calls;
        int index = slot.CreditedPath;
        if ((uint)index < (uint)Paths.Length && Paths[index] is { } credited)
        {
            credited.Calls -= calls;
            credited.SkippedCalls -= calls;
            credited.PendingWeight -= calls;
        }
    }

    /// <summary>Credited untimed calls of a probe this thread has not made yet.</summary>
    internal int UntimedAhead(int probeId)
    {
        int[] untimed = _untimed;
        return (uint)probeId < (uint)untimed.Length ? Math.Max(0, Volatile.Read(ref untimed[probeId])) : 0;
    }

    /// <summary>
    /// The probe's figures on this thread as they stand: the slot itself, or a copy without the untimed
    /// calls credited ahead of time. What every reader of another thread's figures uses.
    /// </summary>
    internal ProbeSlot? SettledProbe(int probeId)
    {
        ProbeSlot?[] probes = Probes;
        if ((uint)probeId >= (uint)probes.Length || probes[probeId] is not { } slot)
        {
            return null;
        }

        int ahead = UntimedAhead(probeId);
        if (ahead == 0)
        {
            return slot;
        }

        var copy = new ProbeSlot();
        copy.Add(slot);
        copy.Calls -= ahead;
        copy.SkippedCalls -= ahead;
        copy.PendingWeight -= ahead;
        copy.Reservoir = slot.Reservoir;
        copy.ReservoirSeen = slot.ReservoirSeen;
        return copy;
    }

    /// <summary>The path's figures on this thread as they stand: <see cref="SettledProbe"/> for a call-tree path.</summary>
    internal PathSlot? SettledPath(int pathIndex)
    {
        PathSlot?[] paths = Paths;
        if ((uint)pathIndex >= (uint)paths.Length || paths[pathIndex] is not { } slot)
        {
            return null;
        }

        int ahead = slot.Probe.CreditedPath == pathIndex ? UntimedAhead(CallPath.Get(pathIndex).ProbeId) : 0;
        return ahead == 0 ? slot : new PathSlot(slot.Probe)
        {
            Calls = slot.Calls - ahead,
            InclusiveTicks = slot.InclusiveTicks,
            SelfTicks = slot.SelfTicks,
            AllocatedBytes = slot.AllocatedBytes,
            SelfAllocatedBytes = slot.SelfAllocatedBytes,
            SkippedCalls = slot.SkippedCalls - ahead,
            PendingWeight = slot.PendingWeight - ahead,
        };
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
