using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// Decides which probes are timed one call in N (ThreadBuffer.Sampled.cs has the per-call part). A review,
/// every <see cref="ReviewPeriod"/> while a session runs, looks at the calls each probe had since the last
/// review, summed over threads: a probe that is hot (at least <see cref="HotCalls"/> calls), short (a mean
/// below <see cref="ShortFactor"/> times a Lightweight probe's cost), a leaf (no profiled callee ever ran
/// inside it), a plain synchronous Lightweight method and not opted out switches to sampling, with N chosen
/// so that the probe's cost per call, amortised, stays within <see cref="BudgetShare"/> of the session's
/// budget (<see cref="EveryFor"/>). <see cref="SlowStreak"/>
/// timed calls in a row of a sampled probe that take longer than twice the "short" bound switch it back to
/// timing every call.
/// Nothing here runs on the fast path: the switch is a flag the general path reads.
/// </summary>
internal static class AdaptiveTiming
{
    internal static readonly TimeSpan ReviewPeriod = TimeSpan.FromMilliseconds(200);
    internal const long HotCalls = 10_000;
    internal const double ShortFactor = 5.0;

    /// <summary>Slow timed calls in a row that end sampling: one preempted call is not a method turned slow.</summary>
    internal const int SlowStreak = 3;

    /// <summary>The largest N: beyond it the estimate's error grows faster than the cost falls.</summary>
    internal const int MaxEvery = 256;

    /// <summary>
    /// The share of the budget N is chosen for. The rest is headroom for what the calibration's loop does not
    /// show: the branch the interceptor mispredicts at the end of each gap, a thread-static lookup that a
    /// caller's own loop pays per call, cache misses of a timed call that comes once in N, and the noise
    /// of a low quantile over a few batches. Measured (BenchmarkDotNet, benchmarks/README.md), the rest
    /// of the budget is what a sampled probe costs on top of the calibrated figure.
    /// </summary>
    internal const double BudgetShare = 0.75;

    private static readonly object s_gate = new();
    private static int[] s_every = new int[64];
    private static long s_slowTicks = long.MaxValue;
    private static long[] s_lastCalls = [];
    private static long[] s_lastSum = [];
    private static long[] s_calls = [];
    private static long[] s_sum = [];
    private static bool[] s_children = [];
    private static double s_shortNs;
    private static int s_sessionEvery;
    private static int s_epoch;
    private static IDisposable? s_review;

    /// <summary>The N of a sampled probe.</summary>
    internal static int EveryOf(int probeId)
    {
        int[] every = Volatile.Read(ref s_every);
        return (uint)probeId < (uint)every.Length ? every[probeId] : 1;
    }

    internal static void SetEvery(int probeId, int every)
    {
        lock (s_gate)
        {
            if (probeId >= s_every.Length)
            {
                int[] grown = new int[Math.Max(probeId + 1, s_every.Length * 2)];
                s_every.CopyTo(grown, 0);
                Volatile.Write(ref s_every, grown);
            }

            s_every[probeId] = every;
        }
    }

    /// <summary>Whether a timed call of a sampled probe took long enough that the probe is no longer "short".</summary>
    internal static bool IsTooSlow(long elapsedTicks) => elapsedTicks > Volatile.Read(ref s_slowTicks);

    /// <summary>Times every call of the probe again, on every thread from its next call.</summary>
    internal static void TimeEveryCall(int probeId) => ProbeRegistry.SetSampled(probeId, false);

    /// <summary>
    /// The smallest N that keeps a sampled probe's amortised cost within <paramref name="budgetNs"/>: its
    /// counted calls cost <see cref="ProbeCost.SkippedCallNs"/>, its timed calls <see cref="ProbeCost.Sampled"/>
    /// (a timed call that draws a gap and records a weight, dearer than a plain Lightweight one, whose cost
    /// stands in for it in a calibration that did not measure it).
    /// </summary>
    internal static int EveryFor(ProbeCost cost, double budgetNs)
    {
        double skip = cost.SkippedCallNs, timed = (cost.Sampled ?? cost.Lightweight).TotalNs;
        if (timed <= budgetNs)
        {
            return 1;
        }

        if (budgetNs <= skip)
        {
            return MaxEvery;
        }

        // skip·(N−1)/N + timed/N ≤ budget  ⇔  N ≥ (timed − skip) / (budget − skip)
        return (int)Math.Min(MaxEvery, Math.Max(2, Math.Ceiling((timed - skip) / (budgetNs - skip))));
    }

    /// <summary>Starts reviewing for a session; the reviews only tick on the real clock (tests call <see cref="Review"/>).</summary>
    internal static void Start(int epoch, SessionOptions options, ProbeCost? cost)
    {
        lock (s_gate)
        {
            StopLocked();
            if (!options.AdaptiveTiming || cost is null)
            {
                return;
            }

            s_epoch = epoch;
            s_shortNs = ShortFactor * cost.Lightweight.TotalNs;
            s_sessionEvery = EveryFor(cost, BudgetShare * options.AdaptiveTimingBudgetNs);
            Volatile.Write(ref s_slowTicks, (long)(2 * s_shortNs * ProbeClock.Frequency / 1e9) + 1);
            Array.Clear(s_lastCalls, 0, s_lastCalls.Length); // cleared, not replaced: no garbage at a session's start
            Array.Clear(s_lastSum, 0, s_lastSum.Length);
            if (s_sessionEvery > 1 && !ProbeClock.IsOverridden)
            {
                CompileReview(epoch);
                s_review = ProfilerTicker.Every(ReviewPeriod, Review);
            }
        }
    }

    /// <summary>
    /// Compiles the review's code now, while the session starts: compiled at its first tick, a few hundred
    /// milliseconds into the program, it would put off the tiered compiler's call counting for the program's
    /// own methods (<see cref="ProfilerTicker"/>). A review of a session with no calls yet changes nothing.
    /// </summary>
    private static void CompileReview(int epoch)
    {
        ReviewLocked(SessionState.Peek(epoch).Buffers);
        _ = ProbeCalibration.IsCalibrationThread(Thread.CurrentThread); // what Peek asks of each buffer
        RuntimeHelpers.PrepareMethod(((Action<int, int>)SetEvery).Method.MethodHandle);
        RuntimeHelpers.PrepareMethod(((Action<int, bool>)ProbeRegistry.SetSampled).Method.MethodHandle);
    }

    /// <summary>Stops reviewing and switches sampling off for every probe.</summary>
    internal static void Stop()
    {
        lock (s_gate)
        {
            StopLocked();
        }
    }

    private static void StopLocked()
    {
        s_review?.Dispose();
        s_review = null;
        s_epoch = 0;
        s_sessionEvery = 0;
        Volatile.Write(ref s_slowTicks, long.MaxValue);
        ProbeRegistry.ClearSampled();
    }

    /// <summary>Looks at each probe's calls since the last review and switches the hot, short leaves to sampling.</summary>
    internal static void Review()
    {
        try
        {
            // The buffers first, outside this class's lock: a session starting or stopping holds the
            // session lock and then takes this one, so the other order could deadlock.
            int epoch = Volatile.Read(ref s_epoch);
            if (epoch == 0)
            {
                return;
            }

            (List<ThreadBuffer> buffers, _) = SessionState.Peek(epoch);
            lock (s_gate)
            {
                if (s_epoch != epoch || s_sessionEvery <= 1 || SessionState.ActiveEpoch != epoch)
                {
                    return;
                }

                ReviewLocked(buffers);
            }
        }
#pragma warning disable CA1031 // A tick must not throw; a review that fails leaves timing as it was.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Warn($"Adaptive timing stopped reviewing probes: {e.GetType().Name}: {e.Message}");
        }
    }

    private static void ReviewLocked(List<ThreadBuffer> buffers)
    {
        // Scratch arrays kept from review to review: a review leaves no garbage behind, so it never moves the
        // heap figures of the program's scopes (HeapDeltaTests) nor brings a collection closer.
        int count = ProbeRegistry.Count;
        long[] calls = s_calls = Scratch(s_calls, count);
        long[] sum = s_sum = Scratch(s_sum, count);
        bool[] children = s_children = Scratch(s_children, count);
        foreach (ThreadBuffer buffer in buffers)
        {
            ProbeSlot?[] slots = buffer.Probes;
            for (int id = 0; id < count && id < slots.Length; id++)
            {
                if (slots[id] is { } slot)
                {
                    // Figures another thread writes: each is a 64-bit read, a call behind at worst. The calls
                    // made, without those a timed call credited ahead of time (up to 2N−1 a thread).
                    calls[id] += Volatile.Read(ref slot.Calls) - buffer.UntimedAhead(id);
                    long total = Volatile.Read(ref slot.SumTicks);
                    sum[id] += total;
                    children[id] |= total != Volatile.Read(ref slot.SelfTicks);
                }
            }
        }

        long[] lastCalls = Grow(s_lastCalls, count), lastSum = Grow(s_lastSum, count);
        double nsPerTick = 1e9 / ProbeClock.Frequency;
        for (int id = 0; id < count; id++)
        {
            long windowCalls = calls[id] - lastCalls[id];
            long windowSum = sum[id] - lastSum[id];
            lastCalls[id] = calls[id];
            lastSum[id] = sum[id];
            ProbeDescriptor d = ProbeRegistry.Get(id);
            if (windowCalls >= HotCalls && !children[id] && d.Sampling && d.Kind == ProbeKind.Method
                && !ProbeRegistry.IsDetailed(id) && !ProbeRegistry.IsSampled(id) && !ProbeCalibration.IsOwn(d.Name)
                && windowSum * nsPerTick / windowCalls <= s_shortNs)
            {
                SetEvery(id, s_sessionEvery);
                ProbeRegistry.SetSampled(id, true);
            }
        }

        s_lastCalls = lastCalls;
        s_lastSum = lastSum;
    }

    /// <summary><paramref name="values"/> cleared, or a larger array when it holds fewer than <paramref name="count"/>.</summary>
    private static T[] Scratch<T>(T[] values, int count)
    {
        if (values.Length < count)
        {
            return new T[Math.Max(count, values.Length * 2)];
        }

        Array.Clear(values, 0, count);
        return values;
    }

    private static long[] Grow(long[] values, int count)
    {
        if (values.Length >= count)
        {
            return values;
        }

        long[] grown = new long[count];
        values.CopyTo(grown, 0);
        return grown;
    }
}
