#if NET
using System.Diagnostics.Metrics;
#endif

namespace Edm.Profiling;

/// <summary>
/// The live metrics of the probes: a <c>System.Diagnostics.Metrics</c> meter named
/// <see cref="MeterName"/>, so <c>dotnet-counters</c>, the OpenTelemetry SDK (<c>AddMeter("Edm.Profiling")</c>)
/// or any <c>MeterListener</c> can watch a profiled process while it runs (docs/profiling.md, "Live metrics").
/// </summary>
/// <remarks>
/// Every instrument is observable: it reads the thread buffers of the running session when a listener
/// collects, so the probes do nothing more per call and nothing is computed while nobody listens. Each
/// measurement carries the tags <see cref="MethodTag"/>, <see cref="CategoryTag"/> and <see cref="LayerTag"/>.
/// Counters are those of the running session: they restart from zero when a new session starts. The
/// meter exists from the first session on (net8.0 and later; the netstandard2.0 build has none) unless
/// <c>EDM_PROFILING_METRICS=0</c>.
/// </remarks>
public static class ProfilingMetrics
{
    /// <summary>Name of the meter: <c>Edm.Profiling</c>.</summary>
    public const string MeterName = "Edm.Profiling";

    /// <summary>Counter of completed calls per probe, unit <c>{call}</c>.</summary>
    public const string Calls = "edm.profiling.calls";

    /// <summary>Counter of calls that ended with an exception, unit <c>{call}</c>.</summary>
    public const string FaultedCalls = "edm.profiling.calls.faulted";

    /// <summary>Counter of the time inside the calls, recursive activations included (the session's <c>totalNs</c>), in seconds.</summary>
    public const string TotalTime = "edm.profiling.time.total";

    /// <summary>Counter of the time inside the calls minus the time in profiled callees (<c>selfNs</c>), in seconds.</summary>
    public const string SelfTime = "edm.profiling.time.self";

    /// <summary>Counter of the bytes allocated during the calls of Detailed probes, unit <c>By</c>.</summary>
    public const string AllocatedBytes = "edm.profiling.allocated";

    /// <summary>
    /// Gauge of call duration percentiles over the calls completed since the previous collection, in seconds,
    /// with the tag <see cref="QuantileTag"/> (<c>0.5</c>, <c>0.9</c>, <c>0.99</c>); no value for a probe not called meanwhile.
    /// </summary>
    public const string Duration = "edm.profiling.duration";

    /// <summary>Tag of every measurement: the probe's display name (the baseline key).</summary>
    public const string MethodTag = "method";

    /// <summary>Tag of every measurement: the probe's category from <c>[Profile(Category = …)]</c>, empty when none.</summary>
    public const string CategoryTag = "category";

    /// <summary>Tag of every measurement: the layer the probe asks for, <c>lightweight</c> or <c>detailed</c>.</summary>
    public const string LayerTag = "layer";

    /// <summary>Tag of <see cref="Duration"/>: which percentile, <c>0.5</c>, <c>0.9</c> or <c>0.99</c>.</summary>
    public const string QuantileTag = "quantile";

#if NET
    private static readonly object s_gate = new();
    private static Meter? s_meter;

    /// <summary>Creates the meter once, when the first session starts; a no-op afterwards or when switched off.</summary>
    internal static void EnsureCreated()
    {
        if (Volatile.Read(ref s_meter) is not null || !ProfilingSwitches.ReadMetricsEnabled())
        {
            return;
        }

        lock (s_gate)
        {
            if (s_meter is not null)
            {
                return;
            }

            // Set first: a listener that throws while an instrument is published must not make the next
            // session create a second meter of the same name.
            var figures = new LiveProbeFigures();
            var meter = s_meter = new Meter(MeterName);
            try
            {
                meter.CreateObservableCounter(Calls, () => figures.Observe(static s => s.Calls), "{call}", "Completed calls of a profiled method");
                meter.CreateObservableCounter(FaultedCalls, () => figures.Observe(static s => s.FaultedCalls), "{call}", "Calls of a profiled method that ended with an exception");
                meter.CreateObservableCounter(TotalTime, () => figures.ObserveSeconds(static s => s.SumTicks), "s", "Time inside the calls, recursive activations included");
                meter.CreateObservableCounter(SelfTime, () => figures.ObserveSeconds(static s => s.SelfTicks), "s", "Time inside the calls minus the time in profiled callees");
                meter.CreateObservableCounter(AllocatedBytes, figures.ObserveAllocations, "By", "Bytes allocated during the calls (Detailed probes)");
                meter.CreateObservableGauge(Duration, figures.ObservePercentiles, "s", "Call duration percentiles over the calls completed since the previous collection");
            }
#pragma warning disable CA1031 // A listener's InstrumentPublished runs here, on the program's thread: profiling never throws into it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                SessionState.Warn($"Live metrics: a listener failed when the {MeterName} meter was published ({e.GetType().Name}: {e.Message}); some instruments may be missing.");
            }
        }
    }
#else
    /// <summary>The netstandard2.0 build has no System.Diagnostics.Metrics: no meter.</summary>
    internal static void EnsureCreated()
    {
    }
#endif
}
