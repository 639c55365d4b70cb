using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// The Lightweight calibration again at a session's stop, through loops compiled as the program's own code
/// is. The start's loops are compiled fully optimised at once, without the runtime's profile; a hot
/// interceptor of the program runs as tier-1 code compiled with that profile, and keeps less of the probe
/// between its two timestamps (on the benchmarks' synthetic tree 13–15 ns against the start's 16–22 ns),
/// so the start's split over-compensates a hot method and under-compensates its caller. These loops are
/// the start's around-work loops in the generated interceptor's shape (probe id in a static readonly field,
/// the untimed-count check inlined into the caller, the probed half out of line), left to tier up: they
/// are first compiled at the session's start (tier 0), and at the stop they run until they are optimised
/// and their figure has settled, then are measured.
/// </summary>
internal static partial class ProbeCalibration
{
    /// <summary>Batches of the stop's final measurement: three times the start's, the stop can afford it.</summary>
    internal const int StopBatches = 3 * Batches;

    /// <summary>How long the stop waits at most for the loops to tier up and settle before keeping the start's figures.</summary>
    internal static readonly TimeSpan StopLimit = TimeSpan.FromMilliseconds(500);

    // The loops count as optimised once their body of work alone runs within this factor of the optimised
    // loop's (tier-0 code runs it several times slower); they have settled once no round has lowered the
    // best probed figure by more than SettleGain for SettleTime.
    private const double TieredFactor = 1.15;
    private const double SettleGain = 0.02;
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(30);

    private static Thread? s_stopThread;

    /// <summary>
    /// Compiles the tiered loops (tier 0) under the start's calibration epoch, so that by a long session's
    /// stop the runtime's delay before it counts their calls has passed. A few microseconds of loops plus the JIT.
    /// </summary>
    internal static void WarmTiered(int epoch)
    {
        int[] ids = Ids();
        _ = ThreadBuffer.For(epoch);
        Run(ids[OuterLight], ids[Light], Loop.Alone, Shape.Tiered, 4);
        Run(ids[OuterLight], ids[Light], Loop.Plain, Shape.Tiered, 4);
        Run(ids[OuterLight], ids[Light], Loop.Probed, Shape.Tiered, 4);
    }

    /// <summary>
    /// Whether <paramref name="thread"/> is the stop calibration's thread: a snapshot, interval or live
    /// collection taken while it runs leaves its buffer out.
    /// </summary>
    internal static bool IsStopThread(Thread thread) => ReferenceEquals(thread, Volatile.Read(ref s_stopThread));

    /// <summary>
    /// Measures the Lightweight figures through the tiered loops on a thread of its own, recording under the
    /// session's <paramref name="epoch"/> (as the program's calls do; its probes are the calibration's own,
    /// which no report reads), then moves that thread's buffer to <paramref name="spareEpoch"/>, which no
    /// session collects. Null when the loops did not settle within <see cref="StopLimit"/> or measuring
    /// failed: the start's figures stand.
    /// </summary>
    internal static ProbeCostAtStop? MeasureAtStop(int epoch, int spareEpoch)
    {
        ProbeCostAtStop? result = null;
        var thread = new Thread(() => result = Settle(epoch, spareEpoch))
        {
            IsBackground = true,
            Name = "Edm.Profiling calibration",
        };
        Volatile.Write(ref s_stopThread, thread);
        try
        {
            thread.Start();
            thread.Join();
        }
        finally
        {
            Volatile.Write(ref s_stopThread, null);
        }

        return result;
    }

    private static ProbeCostAtStop? Settle(int epoch, int spareEpoch)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            int[] ids = Ids();
            int outer = ids[OuterLight], inner = ids[Light];
            ThreadBuffer buffer = ThreadBuffer.For(epoch);
            double best = double.MaxValue;
            long improved = started;
            int rounds = 0;
            while (Elapsed(started) < StopLimit)
            {
                if (MeasureClass(buffer, outer, inner, Shape.Tiered) is not { } round || AloneRatio(buffer, outer, inner) is not { } ratio)
                {
                    return null;
                }

                rounds++;
                if (round.TotalNs < best * (1 - SettleGain))
                {
                    improved = Stopwatch.GetTimestamp();
                }

                best = Math.Min(best, round.TotalNs);
                if (ratio <= TieredFactor && Elapsed(improved) >= SettleTime)
                {
                    return MeasureClass(buffer, outer, inner, Shape.Tiered, StopBatches) is { } cost
                        ? new ProbeCostAtStop
                        {
                            Lightweight = cost,
                            CalibrationNs = Elapsed(started).Ticks * 100,
                            Rounds = rounds,
                            Batches = StopBatches,
                        }
                        : null;
                }
            }

            return null;
        }
#pragma warning disable CA1031 // Profiling never throws into user code: the start's figures stand.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
        finally
        {
            // Out of the session's epoch before the stop collects its buffers: nothing of this thread's reaches the report.
            _ = ThreadBuffer.For(spareEpoch);
        }
    }

    /// <summary>The tiered loop's body of work alone over the optimised loop's, paired in each batch (median): about 1 once tiered up.</summary>
    private static double? AloneRatio(ThreadBuffer buffer, int outer, int inner)
    {
        if (Slots(buffer, outer, inner) is not var (o, _))
        {
            return null;
        }

        var ratios = new double[5];
        for (int b = 0; b < ratios.Length; b++)
        {
            double optimised = Batch(o, outer, inner, Loop.Alone, Shape.Sync);
            double tiered = Batch(o, outer, inner, Loop.Alone, Shape.Tiered);
            ratios[b] = optimised > 0 ? tiered / optimised : 1;
        }

        Array.Sort(ratios);
        return ratios[ratios.Length / 2];
    }

    private static TimeSpan Elapsed(long since) =>
        TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - since) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    /// <summary>
    /// The start's around-work loops compiled as the program's own code is (no <c>AggressiveOptimization</c>:
    /// tier 0 first, then, once hot, tier 1 with the runtime's profile), the probed call shaped as a generated
    /// interceptor: the probe id in a static readonly field (a constant in tier-1 code), the enabled and
    /// untimed-count checks inlined into the caller, the probed half out of line with its own profile.
    /// </summary>
    private static class TieredLoops
    {
        private static readonly int s_probe = Ids()[Light];

        internal static int Run(Loop loop, int calls) => loop switch
        {
            Loop.Alone => RunAlone(calls),
            Loop.Plain => RunPlain(calls),
            _ => RunProbed(calls),
        };

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int RunAlone(int calls)
        {
            int x = calls;
            for (int i = 0; i < calls; i++)
            {
                x = Step(x);
            }

            return x;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int RunPlain(int calls)
        {
            int x = calls;
            for (int i = 0; i < calls; i++)
            {
                x = Callee(Step(x));
            }

            return x;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int RunProbed(int calls)
        {
            int x = calls;
            for (int i = 0; i < calls; i++)
            {
                x = Intercepted(Step(x));
            }

            return x;
        }

        // The interceptor's inlined half, as generated.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Intercepted(int x)
        {
            if (!Profiler.Enabled || Probe.TryCountUntimed(s_probe))
            {
                return Callee(x);
            }

            return Probed(x);
        }

        // The interceptor's probed half, as generated.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Probed(int x)
        {
            ProbeFrame frame = Probe.Enter(s_probe);
            try
            {
                return Callee(x);
            }
            catch (Exception) when (Probe.Faulted(ref frame))
            {
                throw;
            }
            finally
            {
                Probe.Exit(ref frame);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Callee(int x) => Step(x);

        // The same body of work as the optimised loops' (Work), compiled as program code.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Step(int x)
        {
            TestWork?.Invoke();
            uint h = (uint)x;
            for (int i = 0; i < WorkRounds; i++)
            {
                h = (h * 2654435761u) ^ (h >> 13);
            }

            return (int)h;
        }
    }
}
