using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// The Lightweight calibration again at a session's stop, through loops compiled as the program's own code
/// is. The start's loops are compiled fully optimised at once, without the runtime's profile; a hot
/// interceptor of the program runs as tier-1 code compiled with that profile, and keeps less of the probe
/// between its two timestamps (on the benchmarks' synthetic tree 13–15 ns against the start's 16–22 ns),
/// so the start's split over-compensates a hot method's own time. These loops are
/// the start's around-work loops with each step in a caller method of its own, the probed call shaped as
/// a generated interceptor (probe id in a static readonly field, the untimed-count check inlined into the
/// caller, the probed half out of line), left to tier up as the program's code does: a thread of their
/// own runs them in short bursts while the session runs, until the runtime has promoted them (tier 0,
/// then instrumented, then tier 1 with the profile, several hundred milliseconds), and the stop measures
/// them once they are warm.
/// </summary>
internal static partial class ProbeCalibration
{
    /// <summary>Batches of the stop's final measurement: three times the start's, the stop can afford it.</summary>
    internal const int StopBatches = 3 * Batches;

    // The loops count as optimised once their body of work alone (with its caller) runs within this factor
    // of the optimised loop's (tier-0 code runs it about three times slower); the warm-up then goes on for
    // WarmBurstsAfterTiering bursts, so that the instrumented code's last promotion (tier 1 with the
    // profile, one more call-counting delay later) has happened too.
    private const double TieredFactor = 1.3;
    private const int WarmBurstsAfterTiering = 8;
    private const int MaxWarmBursts = 100;

    /// <summary>The pause between two warm-up bursts (a burst takes about a millisecond). Tests shorten it.</summary>
    internal static TimeSpan WarmInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    // Whether the tiered loops have been promoted in this process: they stay so, later sessions need no warm-up.
    private static volatile bool s_warm;
    private static Thread? s_warmThread;
    private static ManualResetEventSlim? s_warmStop;
    private static Thread? s_stopThread;

    /// <summary>Whether the tiered loops are warm in this process, so a stop can measure them at once. Tests on an injected clock set it.</summary>
    internal static bool TieredWarm
    {
        get => s_warm;
        set => s_warm = value;
    }

    /// <summary>
    /// Compiles the tiered loops (tier 0) under the start's calibration epoch. A few microseconds of loops plus the JIT.
    /// </summary>
    internal static void CompileTiered(int epoch)
    {
        int[] ids = Ids();
        _ = ThreadBuffer.For(epoch);
        Run(ids[OuterLight], ids[Light], Loop.Alone, Shape.Tiered, 4);
        Run(ids[OuterLight], ids[Light], Loop.Plain, Shape.Tiered, 4);
        Run(ids[OuterLight], ids[Light], Loop.Probed, Shape.Tiered, 4);
    }

    /// <summary>
    /// Starts the warm-up of the tiered loops for the session recording under <paramref name="epoch"/>, unless
    /// they are warm already: a background thread that runs them in bursts of about a millisecond every
    /// <see cref="WarmInterval"/>, recording under the session's epoch as the program's calls do (so their
    /// profile is a recording one), its buffer moved to an epoch no session collects after each burst.
    /// </summary>
    internal static void StartWarming(int epoch)
    {
        // On a test clock the warm-up's reads would move the time the test's own calls measure.
        if (s_warm || ProbeClock.IsOverridden)
        {
            return;
        }

        // What a burst calls beyond the loops (compiled at the start), compiled now rather than at the first
        // burst: new tier-0 code while the program runs puts off its own methods' tiering (ProfilerTicker).
        RuntimeHelpers.PrepareMethod(((Func<ThreadBuffer, int, int, double>)AloneRatio).Method.MethodHandle);
        var stop = new ManualResetEventSlim();
        var thread = new Thread(() => Warm(epoch, stop)) { IsBackground = true, Name = "Edm.Profiling calibration warm-up" };
        s_warmStop = stop;
        Volatile.Write(ref s_warmThread, thread);
        thread.Start();
    }

    /// <summary>Ends the warm-up (at the session's stop, before its buffers are collected) and waits for it.</summary>
    internal static void StopWarming()
    {
        if (Volatile.Read(ref s_warmThread) is not { } thread)
        {
            return;
        }

        s_warmStop?.Set();
        thread.Join();
        Volatile.Write(ref s_warmThread, null);
        s_warmStop?.Dispose();
        s_warmStop = null;
    }

    private static void Warm(int epoch, ManualResetEventSlim stop)
    {
        try
        {
            int spareEpoch = SessionState.ReserveEpoch();
            int[] ids = Ids();
            int outer = ids[OuterLight], inner = ids[Light];
            int tieredBursts = 0;
            for (int burst = 0; burst < MaxWarmBursts && !stop.Wait(WarmInterval); burst++)
            {
                if (Volatile.Read(ref SessionState.ActiveEpoch) != epoch || ProbeClock.IsOverridden)
                {
                    return;
                }

                double ratio;
                try
                {
                    ThreadBuffer buffer = ThreadBuffer.For(epoch);
                    for (int i = 0; i < 8; i++)
                    {
                        Run(outer, inner, Loop.Alone, Shape.Tiered, CallsPerBatch);
                        Run(outer, inner, Loop.Plain, Shape.Tiered, CallsPerBatch);
                        Run(outer, inner, Loop.Probed, Shape.Tiered, CallsPerBatch);
                    }

                    ratio = AloneRatio(buffer, outer, inner);
                }
                finally
                {
                    // Out of the session's epoch between bursts: nothing of this thread's reaches the report.
                    _ = ThreadBuffer.For(spareEpoch);
                }

                tieredBursts = ratio <= TieredFactor ? tieredBursts + 1 : 0;
                if (tieredBursts >= WarmBurstsAfterTiering)
                {
                    s_warm = true;
                    return;
                }
            }
        }
#pragma warning disable CA1031 // Profiling never throws into user code: the start's figures stand.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Whether <paramref name="thread"/> is one of the tiered calibration's threads: a snapshot, interval or
    /// live collection taken while it records leaves its buffer out.
    /// </summary>
    internal static bool IsCalibrationThread(Thread thread) =>
        ReferenceEquals(thread, Volatile.Read(ref s_stopThread)) || ReferenceEquals(thread, Volatile.Read(ref s_warmThread));

    /// <summary>
    /// Measures the Lightweight figures through the tiered loops, once they are warm, on a thread of its own
    /// recording under the session's <paramref name="epoch"/> (as the program's calls do; its probes are the
    /// calibration's own, which no report reads), then moves that thread's buffer to
    /// <paramref name="spareEpoch"/>, which no session collects. Null when the loops are not warm or not
    /// tiered up after all, or measuring failed: the start's figures stand.
    /// </summary>
    internal static ProbeCostAtStop? MeasureAtStop(int epoch, int spareEpoch)
    {
        if (!s_warm)
        {
            return null;
        }

        ProbeCostAtStop? result = null;
        var thread = new Thread(() => result = MeasureTiered(epoch, spareEpoch))
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

    private static ProbeCostAtStop? MeasureTiered(int epoch, int spareEpoch)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            int[] ids = Ids();
            int outer = ids[OuterLight], inner = ids[Light];
            ThreadBuffer buffer = ThreadBuffer.For(epoch);
            // The class first: its first calls create this thread's slots, which the ratio reads.
            return MeasureClass(buffer, outer, inner, Shape.Tiered, StopBatches) is { } cost
                && AloneRatio(buffer, outer, inner) <= TieredFactor
                ? new ProbeCostAtStop
                {
                    Lightweight = cost,
                    CalibrationNs = (long)((Stopwatch.GetTimestamp() - started) * (1_000_000_000.0 / Stopwatch.Frequency)),
                    Batches = StopBatches,
                }
                : null;
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

    /// <summary>
    /// The tiered loop's body of work alone over the optimised loop's, paired in each batch (median): about 1 once
    /// tiered up; NaN (never below a bound) without figures. Not a <c>double?</c>: its lifted comparison calls a
    /// method of <c>Nullable&lt;double&gt;</c> that the warm-up thread would compile at tier 0 while the program runs.
    /// </summary>
    private static double AloneRatio(ThreadBuffer buffer, int outer, int inner)
    {
        if (Slots(buffer, outer, inner) is not var (o, _))
        {
            return double.NaN;
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
                x = CallerAlone(x);
            }

            return x;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int RunPlain(int calls)
        {
            int x = calls;
            for (int i = 0; i < calls; i++)
            {
                x = CallerPlain(x);
            }

            return x;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int RunProbed(int calls)
        {
            int x = calls;
            for (int i = 0; i < calls; i++)
            {
                x = CallerProbed(x);
            }

            return x;
        }

        // Each step in a method of its own, as a program's call site sits in a method called many times, not
        // in a loop that the JIT could hoist the interceptor's loads out of.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int CallerAlone(int x) => Step(x);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int CallerPlain(int x) => Callee(Step(x));

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int CallerProbed(int x) => Intercepted(Step(x));

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
