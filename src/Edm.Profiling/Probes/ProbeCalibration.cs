using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// Measures what a probe call costs on this machine and in this process (<see cref="ProbeCost"/>): short
/// loops through the real probe path, shaped as the generated interceptors are, around a body of known
/// work (a probe's bookkeeping runs beside the program's work, so its cost back to back around an empty
/// method is not what it costs in place). Each batch runs the same loop three ways under an outer
/// probe: the caller's work alone, then a plain call of a method doing the same work, then that call
/// through the probe. The probed loop's extra time over the plain one is what a call costs its callers;
/// the probed calls' recorded time less the plain call's is the part inside the call's own time. Each
/// figure is the median of the batches' differences, so a batch slowed by a preemption or a collection
/// does not count. Runs in an epoch of its own, just before the session's, so nothing it records reaches
/// a report; its probes are named with <see cref="NamePrefix"/>.
/// </summary>
internal static partial class ProbeCalibration
{
    /// <summary>Prefix of the calibration probes' names; reports leave these probes out.</summary>
    internal const string NamePrefix = "<calibration>";

    internal const int Batches = 15;
    internal const int CallsPerBatch = 128;

    // NoInlining | AggressiveOptimization (512, which netstandard2.0 does not name; the runtimes honour it).
    private const MethodImplOptions Optimized = MethodImplOptions.NoInlining | (MethodImplOptions)512;

    // Steps of the body of work (about 10 ns on a 3 GHz core).
    private const int WorkRounds = 16;

    private static readonly object s_gate = new();

    // Where the loops' results go, so the JIT cannot drop the work.
    private static int s_sink;

    /// <summary>
    /// For tests on an injected clock, which real work does not move: runs with each step of the body of
    /// work, so that a test can give the body a known duration and check that the plain call is subtracted.
    /// </summary>
    internal static Action? TestWork { get; set; }

    /// <summary>
    /// For tests on an injected clock: runs in each step of the back-to-back loops (not around the body of
    /// work), with true in a counted-only call, so that a test can give a counted call a cost only that loop sees.
    /// </summary>
    internal static Action<bool>? TestBareStep { get; set; }
    private static int[]? s_ids;

    private enum Loop
    {
        /// <summary>The caller's work alone.</summary>
        Alone,

        /// <summary>The caller's work, then a plain call of a method doing the same work.</summary>
        Plain,

        /// <summary>The same through a probe.</summary>
        Probed,
    }

    private enum Shape
    {
        Sync,

        /// <summary>As <see cref="Sync"/>, through loops compiled as the program's code is (<see cref="TieredLoops"/>).</summary>
        Tiered,
        Async,

        /// <summary>A synchronous interceptor whose probe adaptive timing samples: most calls are counted, not timed.</summary>
        Untimed,

        /// <summary>As <see cref="Untimed"/>, the calls back to back with no work around them.</summary>
        UntimedBackToBack,
    }

    // Indexes into s_ids.
    private const int OuterLight = 0, OuterDetailed = 1, OuterAsync = 2, OuterSkip = 3, Light = 4, Detailed = 5, Async = 6, Skip = 7,
        OuterSampled = 8, Sampled = 9;

    /// <summary>Whether a probe name is one of the calibration's own.</summary>
    internal static bool IsOwn(string name) => name.StartsWith(NamePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Runs the calibration under <paramref name="epoch"/>, which must be active and belong to no session.
    /// Returns null when probing stopped meanwhile (an internal fault).
    /// </summary>
    internal static ProbeCost? Measure(int epoch)
    {
        long started = Stopwatch.GetTimestamp();
        int[] ids = Ids();
        bool asyncFlowUsed = AsyncFlow.InUse;
        PendingCall? flow = asyncFlowUsed ? AsyncFlow.Swap(null) : null;
        try
        {
            ThreadBuffer buffer = ThreadBuffer.For(epoch);
            ProbeCostClass? light = MeasureClass(buffer, ids[OuterLight], ids[Light], Shape.Sync);
            ProbeCostClass? detailed = MeasureClass(buffer, ids[OuterDetailed], ids[Detailed], Shape.Sync);
            ProbeCostClass? async = MeasureClass(buffer, ids[OuterAsync], ids[Async], Shape.Async);
            ProbeCostClass? skip = MeasureClass(buffer, ids[OuterSkip], ids[Skip], Shape.Untimed);
            ProbeCostClass? skipBackToBack = MeasureClass(buffer, ids[OuterSkip], ids[Skip], Shape.UntimedBackToBack);
            ProbeCostClass? sampled = MeasureSampled(buffer, ids[OuterSampled], ids[Sampled]);
            if (light is null || detailed is null || async is null || skip is null || skipBackToBack is null || sampled is null)
            {
                return null;
            }

            return new ProbeCost
            {
                Lightweight = light,
                Detailed = detailed,
                Async = async,
                SkippedCallNs = CountedCallNs(skip.TotalNs, skipBackToBack.TotalNs),
                Sampled = sampled,
                CalibrationNs = (long)((Stopwatch.GetTimestamp() - started) * (1_000_000_000.0 / Stopwatch.Frequency)),
                Batches = Batches,
                CallsPerBatch = CallsPerBatch,
            };
        }
        finally
        {
            ProbeRegistry.SetSampled(ids[Skip], false);
            ProbeRegistry.SetSampled(ids[Sampled], false);
            if (asyncFlowUsed)
            {
                AsyncFlow.Restore(flow);
            }
            else
            {
                // The async loop set the flag that makes every root-level call read the logical flow;
                // no async probe of the program has run, so that read is still pointless.
                AsyncFlow.ForgetUse();
            }
        }
    }

    /// <summary>
    /// The cost of a counted-only call: the larger of the two measurements. Around a dependent chain of work
    /// the counted call's instructions (the thread-static lookup, the countdown) depend on nothing the
    /// chain computes, so the processor runs them in the chain's shadow and the figure can come out at 0;
    /// back to back they compete with the calls around them for the processor's slots, as they do in a
    /// caller whose calls are independent of each other (a loop over items). Adaptive timing chooses N
    /// from this figure, so it must not be below what a counted call costs in such a caller.
    /// </summary>
    internal static double CountedCallNs(double aroundWorkNs, double backToBackNs) => Math.Max(aroundWorkNs, backToBackNs);

    private static int[] Ids()
    {
        lock (s_gate)
        {
            return s_ids ??=
            [
                Register("outer.lightweight", Layer.Lightweight, ProbeKind.Method),
                Register("outer.detailed", Layer.Lightweight, ProbeKind.Method),
                Register("outer.async", Layer.Lightweight, ProbeKind.Method),
                Register("outer.skipped", Layer.Lightweight, ProbeKind.Method),
                Register("lightweight", Layer.Lightweight, ProbeKind.Method),
                Register("detailed", Layer.Detailed, ProbeKind.Method),
                Register("async", Layer.Lightweight, ProbeKind.AsyncMethod),
                Register("skipped", Layer.Lightweight, ProbeKind.Method),
                Register("outer.sampled", Layer.Lightweight, ProbeKind.Method),
                Register("sampled", Layer.Lightweight, ProbeKind.Method),
            ];
        }

        static int Register(string name, Layer layer, ProbeKind kind) =>
            ProbeRegistry.RegisterOwn(new ProbeDescriptor(NamePrefix + name) { Layer = layer, Kind = kind, Sampling = false });
    }

    /// <summary>
    /// One class of probe, around a body of known work: interleaved batches of the same loop with the body
    /// alone, with the body called plainly (as the program without probes calls it), and with the body
    /// called through the probe. The probed loop's extra time over the plain one is what a call costs its
    /// callers in place, where the probe's bookkeeping overlaps the work around it; the probed calls'
    /// recorded time less the plain call's (plain loop less the body alone) is the part inside the call.
    /// </summary>
    private static ProbeCostClass? MeasureClass(ThreadBuffer buffer, int outer, int inner, Shape shape, int batches = Batches)
    {
        // First calls: slots, paths, JIT of every loop.
        Run(outer, inner, Loop.Alone, shape, CallsPerBatch);
        Run(outer, inner, Loop.Plain, shape, CallsPerBatch);
        Run(outer, inner, Loop.Probed, shape, CallsPerBatch);
        bool untimed = shape is Shape.Untimed or Shape.UntimedBackToBack;
        if (untimed && !StartSkipping(buffer, outer, inner))
        {
            return null;
        }

        var total = new double[batches];
        var innerNs = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            if (Slots(buffer, outer, inner) is not var (o, i))
            {
                return null;
            }

            double alone = Batch(o, outer, inner, Loop.Alone, shape);
            double plain = Batch(o, outer, inner, Loop.Plain, shape);
            long sum = i.SumTicks, skipped = Skipped(buffer, inner);
            double probed = Batch(o, outer, inner, Loop.Probed, shape);
            if (untimed && Skipped(buffer, inner) - skipped != CallsPerBatch)
            {
                return null; // a call was timed after all: the figure would not be the counted call's
            }

            // Paired within the batch, so a slower spell of the machine shifts both sides alike.
            total[b] = probed - plain;
            innerNs[b] = untimed ? 0 : (Ns(i.SumTicks - sum) / CallsPerBatch) - (plain - alone);
        }

        double totalNs = Median(total);
        double innerPart = Math.Min(Median(innerNs), totalNs);
        return new ProbeCostClass { InnerNs = innerPart, TotalNs = totalNs, CallerSelfNs = totalNs - innerPart };
    }

    // The outer probe's inclusive time over one batch, per call. Its own probe cost is in every loop's
    // figure alike, so the differences between loops leave it out.
    private static double Batch(ProbeSlot slot, int outer, int inner, Loop loop, Shape shape)
    {
        long before = slot.InclusiveTicks;
        Run(outer, inner, loop, shape, CallsPerBatch);
        return Ns(slot.InclusiveTicks - before) / CallsPerBatch;
    }

    /// <summary>Makes adaptive timing count the inner probe's calls without timing them, as for a hot tiny method.</summary>
    private static bool StartSkipping(ThreadBuffer buffer, int outer, int inner)
    {
        AdaptiveTiming.SetEvery(inner, int.MaxValue / 4);
        ProbeRegistry.SetSampled(inner, true);
        Run(outer, inner, Loop.Probed, Shape.Untimed, CallsPerBatch); // the first call is timed and draws a gap longer than the calibration
        return Slots(buffer, outer, inner) is not null;
    }

    /// <summary>
    /// The timed call of a probe adaptive timing samples, through the interceptor's shape: the untimed-call
    /// check that declines, the gap drawn on entry, the weighted record on exit. With N = 1 every call is
    /// such a call (each draws a gap of no untimed calls). What adaptive timing chooses N from.
    /// </summary>
    private static ProbeCostClass? MeasureSampled(ThreadBuffer buffer, int outer, int inner)
    {
        AdaptiveTiming.SetEvery(inner, 1);
        ProbeRegistry.SetSampled(inner, true);
        return MeasureClass(buffer, outer, inner, Shape.Sync);
    }

    private static (ProbeSlot Outer, ProbeSlot Inner)? Slots(ThreadBuffer buffer, int outer, int inner)
    {
        ProbeSlot?[] slots = buffer.Probes;
        return (uint)outer < (uint)slots.Length && (uint)inner < (uint)slots.Length && slots[outer] is { } o && slots[inner] is { } i
            ? (o, i)
            : null;
    }

    // Untimed calls are credited when the timed call before them draws its gap; the settled figure counts those made.
    private static long Skipped(ThreadBuffer buffer, int probeId) => buffer.SettledProbe(probeId)?.SkippedCalls ?? 0;

    private static double Ns(long ticks) => ticks * (1_000_000_000.0 / ProbeClock.Frequency);

    // The median of the batches' differences, never below zero: a batch that a preemption or a collection
    // slowed moves one side of its difference, up or down, and the median leaves it out either way.
    private static double Median(double[] values)
    {
        Array.Sort(values);
        return Math.Max(0, values[values.Length / 2]);
    }

    private static void Run(int outer, int inner, Loop loop, Shape shape, int calls)
    {
        ProbeFrame frame = Probe.Enter(outer);
        s_sink += loop == Loop.Alone ? (shape == Shape.Tiered ? TieredLoops.Run(loop, calls) : RunAlone(calls))
            : shape == Shape.Untimed ? (loop == Loop.Plain ? RunPlainSteps(calls) : RunCountedSteps(inner, calls))
            : shape == Shape.UntimedBackToBack ? (loop == Loop.Plain ? RunBarePlainSteps(calls) : RunBareCountedSteps(inner, calls))
            : shape == Shape.Async ? (loop == Loop.Plain ? RunPlainAsync(calls) : RunProbedAsync(inner, calls))
            : shape == Shape.Tiered ? TieredLoops.Run(loop, calls)
            : loop == Loop.Plain ? RunPlain(calls) : RunProbed(inner, calls);
        Probe.Exit(ref frame);
    }

    // The loops are compiled fully optimised at once: a session's start is too early for tiered
    // compilation to have promoted anything, and the interceptors being measured for run optimised once
    // they are hot. Each step is the caller's own work, then (but in the first loop) a call whose body is
    // the same work, the result feeding the next step so that nothing is left out.
    [MethodImpl(Optimized)]
    private static int RunAlone(int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = Work(x);
        }

        return x;
    }

    [MethodImpl(Optimized)]
    private static int RunPlain(int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = Callee(Work(x));
        }

        return x;
    }

    // As a generated interceptor's inlined half: counted-only calls (adaptive timing) go straight to the method.
    [MethodImpl(Optimized)]
    private static int RunProbed(int inner, int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = Work(x);
            x = Probe.TryCountUntimed(inner) ? Callee(x) : Probed(inner, x);
        }

        return x;
    }

    // Counted-only calls one caller call each, as a method calling a hot tiny method once per call of its
    // own: in RunProbed's loop the JIT hoists the thread-static lookup (a call to the C library's TLS
    // resolver on Linux) out of the loop. Even so, around the chain of work the counted call often measures
    // 0 ns (its instructions wait on nothing the chain computes and run in its shadow), so the back-to-back
    // loops below measure it too and the larger figure is kept (CountedCallNs).
    [MethodImpl(Optimized)]
    private static int RunPlainSteps(int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = PlainStep(Work(x));
        }

        return x;
    }

    [MethodImpl(Optimized)]
    private static int RunCountedSteps(int inner, int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = CountedStep(inner, Work(x));
        }

        return x;
    }

    [MethodImpl(Optimized)]
    private static int PlainStep(int x) => Callee(x);

    [MethodImpl(Optimized)]
    private static int CountedStep(int inner, int x) => !Profiler.Enabled || Probe.TryCountUntimed(inner) ? Callee(x) : Probed(inner, x);

    // The same steps back to back, the callee doing almost nothing: the counted call's instructions have no
    // chain of work to hide behind and cost what they take of the processor's throughput.
    [MethodImpl(Optimized)]
    private static int RunBarePlainSteps(int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = BarePlainStep(x);
        }

        return x;
    }

    [MethodImpl(Optimized)]
    private static int RunBareCountedSteps(int inner, int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = BareCountedStep(inner, x);
        }

        return x;
    }

    [MethodImpl(Optimized)]
    private static int BarePlainStep(int x)
    {
        TestBareStep?.Invoke(false);
        return Next(x);
    }

    [MethodImpl(Optimized)]
    private static int BareCountedStep(int inner, int x)
    {
        if (!Profiler.Enabled || Probe.TryCountUntimed(inner))
        {
            TestBareStep?.Invoke(true);
            return Next(x);
        }

        return ProbedNext(inner, x);
    }

    [MethodImpl(Optimized)]
    private static int RunPlainAsync(int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = Result(CalleeAsync(Work(x)));
        }

        return x;
    }

    [MethodImpl(Optimized)]
    private static int RunProbedAsync(int inner, int calls)
    {
        int x = calls;
        for (int i = 0; i < calls; i++)
        {
            x = Result(ProbedAsync(inner, Work(x)));
        }

        return x;
    }

    // Already complete (CalleeAsync returns a completed ValueTask): nothing to await.
    private static int Result(ValueTask<int> task) => task.IsCompleted ? task.GetAwaiter().GetResult() : 0;

    // The shape of a generated interceptor's probed half (see the generator's snapshots).
    [MethodImpl(Optimized)]
    private static int Probed(int probeId, int x)
    {
        ProbeFrame frame = Probe.Enter(probeId);
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

    [MethodImpl(Optimized)]
    private static ValueTask<int> ProbedAsync(int probeId, int x)
    {
        ProbeFrame frame = Probe.EnterAsync(probeId);
        try
        {
            return Probe.Complete(CalleeAsync(x), ref frame);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitAsync(ref frame);
        }
    }

    [MethodImpl(Optimized)]
    private static int ProbedNext(int probeId, int x)
    {
        ProbeFrame frame = Probe.Enter(probeId);
        try
        {
            return Next(x);
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

    [MethodImpl(Optimized)]
    private static int Callee(int x) => Work(x);

    [MethodImpl(Optimized)]
    private static int Next(int x) => x + 1;

    [MethodImpl(Optimized)]
    private static ValueTask<int> CalleeAsync(int x) => new(Work(x));

    /// <summary>
    /// The body of known work: a chain of multiply-xorshift steps, each waiting on the previous one, as
    /// much ordinary code waits on its last load or computation. The probe's own instructions can run
    /// beside such a chain, as they do beside real code; back to back around an empty method they could not.
    /// </summary>
    [MethodImpl(Optimized)]
    private static int Work(int x)
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
