using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// Measures what a probe call costs on this machine and in this process (<see cref="ProbeCost"/>): short
/// loops through the real probe path, shaped as the generated interceptors are, each loop one batch of
/// calls under an outer probe. The probes' own figures give the split: an inner call's recorded time is
/// the part of its cost inside its own time; the outer call's inclusive and self times give what each
/// inner call adds to its caller. Each figure is a low quantile over batches, so a batch slowed by a
/// preemption or a collection does not count. Runs in an epoch of its own, just before the session's,
/// so nothing it records reaches a report; its probes are named with <see cref="NamePrefix"/>.
/// </summary>
internal static class ProbeCalibration
{
    /// <summary>Prefix of the calibration probes' names; reports leave these probes out.</summary>
    internal const string NamePrefix = "<calibration>";

    internal const int Batches = 9;
    internal const int CallsPerBatch = 128;

    // The 25th percentile of the batches: low enough to leave out disturbed batches, not the minimum,
    // which would reward a lucky one.
    private const double Quantile = 0.25;

    // NoInlining | AggressiveOptimization (512, which netstandard2.0 does not name; the runtimes honour it).
    private const MethodImplOptions Optimized = MethodImplOptions.NoInlining | (MethodImplOptions)512;

    private static readonly object s_gate = new();
    private static int[]? s_ids;

    private enum Shape
    {
        Sync,
        Async,

        /// <summary>A synchronous interceptor whose probe adaptive timing samples: most calls are counted, not timed.</summary>
        Untimed,
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
            ProbeCostClass? light = MeasureClass(buffer, ids[OuterLight], ids[Light], Shape.Sync, outerInner: null);
            if (light is null)
            {
                return null;
            }

            ProbeCostClass? detailed = MeasureClass(buffer, ids[OuterDetailed], ids[Detailed], Shape.Sync, light.InnerNs);
            ProbeCostClass? async = MeasureClass(buffer, ids[OuterAsync], ids[Async], Shape.Async, light.InnerNs);
            ProbeCostClass? skip = MeasureSkip(buffer, ids[OuterSkip], ids[Skip], light.InnerNs);
            ProbeCostClass? sampled = MeasureSampled(buffer, ids[OuterSampled], ids[Sampled], light.InnerNs);
            if (detailed is null || async is null || skip is null || sampled is null)
            {
                return null;
            }

            return new ProbeCost
            {
                Lightweight = light,
                Detailed = detailed,
                Async = async,
                SkippedCallNs = skip.CallerSelfNs,
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

    private static ProbeCostClass? MeasureClass(ThreadBuffer buffer, int outer, int inner, Shape shape, double? outerInner)
    {
        Run(outer, inner, shape, CallsPerBatch); // first calls: slots, paths, JIT
        var innerNs = new double[Batches];
        var totalNs = new double[Batches];
        var callerSelfNs = new double[Batches];
        for (int b = 0; b < Batches; b++)
        {
            if (Slots(buffer, outer, inner) is not var (o, i))
            {
                return null;
            }

            (long innerSum, long outerInclusive, long outerSelf) = (i.SumTicks, o.InclusiveTicks, o.SelfTicks);
            Run(outer, inner, shape, CallsPerBatch);
            innerNs[b] = Ns(i.SumTicks - innerSum) / CallsPerBatch;
            double outerOwn = outerInner ?? innerNs[b];
            totalNs[b] = (Ns(o.InclusiveTicks - outerInclusive) - outerOwn) / CallsPerBatch;
            callerSelfNs[b] = (Ns(o.SelfTicks - outerSelf) - outerOwn) / CallsPerBatch;
        }

        return new ProbeCostClass { InnerNs = Low(innerNs), TotalNs = Low(totalNs), CallerSelfNs = Low(callerSelfNs) };
    }

    /// <summary>A call adaptive timing only counts: everything it costs stays in the caller's self time.</summary>
    private static ProbeCostClass? MeasureSkip(ThreadBuffer buffer, int outer, int inner, double outerInner)
    {
        Run(outer, inner, Shape.Sync, 1); // creates the slots; the probe is timed
        AdaptiveTiming.SetEvery(inner, int.MaxValue / 4);
        ProbeRegistry.SetSampled(inner, true);
        Run(outer, inner, Shape.Untimed, CallsPerBatch); // the first call is timed and draws a gap longer than the calibration
        var skipNs = new double[Batches];
        for (int b = 0; b < Batches; b++)
        {
            if (Slots(buffer, outer, inner) is not var (o, _))
            {
                return null;
            }

            (long skipped, long outerSelf) = (Skipped(buffer, inner), o.SelfTicks);
            Run(outer, inner, Shape.Untimed, CallsPerBatch);
            if (Skipped(buffer, inner) - skipped != CallsPerBatch)
            {
                return null;
            }

            skipNs[b] = (Ns(o.SelfTicks - outerSelf) - outerInner) / CallsPerBatch;
        }

        double low = Low(skipNs);
        return new ProbeCostClass { InnerNs = 0, TotalNs = low, CallerSelfNs = low };
    }

    /// <summary>
    /// The timed call of a probe adaptive timing samples, through the interceptor's shape: the untimed-call
    /// check that declines, the gap drawn on entry, the weighted record on exit. With N = 1 every call is
    /// such a call (each draws a gap of no untimed calls). What adaptive timing chooses N from.
    /// </summary>
    private static ProbeCostClass? MeasureSampled(ThreadBuffer buffer, int outer, int inner, double outerInner)
    {
        AdaptiveTiming.SetEvery(inner, 1);
        ProbeRegistry.SetSampled(inner, true);
        return MeasureClass(buffer, outer, inner, Shape.Untimed, outerInner);
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

    private static double Low(double[] values)
    {
        Array.Sort(values);
        double low = values[(int)(Quantile * (values.Length - 1))];
        return Math.Max(0, low);
    }

    private static void Run(int outer, int inner, Shape shape, int calls)
    {
        switch (shape)
        {
            case Shape.Sync:
                RunSync(outer, inner, calls);
                break;
            case Shape.Async:
                RunAsync(outer, inner, calls);
                break;
            default:
                RunUntimed(outer, inner, calls);
                break;
        }
    }

    // Compiled fully optimised at once: a session's start is too early for tiered compilation to have
    // promoted anything, and the interceptors being measured for run optimised once they are hot.
    [MethodImpl(Optimized)]
    private static void RunSync(int outer, int inner, int calls)
    {
        ProbeFrame frame = Probe.Enter(outer);
        for (int i = 0; i < calls; i++)
        {
            SyncProbed(inner);
        }

        Probe.Exit(ref frame);
    }

    // The interceptor's inlined half, as generated: an untimed call goes straight to the method.
    [MethodImpl(Optimized)]
    private static void RunUntimed(int outer, int inner, int calls)
    {
        ProbeFrame frame = Probe.Enter(outer);
        for (int i = 0; i < calls; i++)
        {
            if (!Profiler.Enabled || Probe.TryCountUntimed(inner))
            {
                Empty();
            }
            else
            {
                SyncProbed(inner);
            }
        }

        Probe.Exit(ref frame);
    }

    [MethodImpl(Optimized)]
    private static void RunAsync(int outer, int inner, int calls)
    {
        ProbeFrame frame = Probe.Enter(outer);
        for (int i = 0; i < calls; i++)
        {
            // Already complete (EmptyAsync returns a completed ValueTask): nothing to await.
            ValueTask task = AsyncProbed(inner);
            if (task.IsCompleted)
            {
                task.GetAwaiter().GetResult();
            }
        }

        Probe.Exit(ref frame);
    }

    // The shape of a generated interceptor's probed half (see the generator's snapshots).
    [MethodImpl(Optimized)]
    private static void SyncProbed(int probeId)
    {
        ProbeFrame frame = Probe.Enter(probeId);
        try
        {
            Empty();
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
    private static ValueTask AsyncProbed(int probeId)
    {
        ProbeFrame frame = Probe.EnterAsync(probeId);
        try
        {
            return Probe.Complete(EmptyAsync(), ref frame);
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Empty()
    {
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask EmptyAsync() => default;
}
