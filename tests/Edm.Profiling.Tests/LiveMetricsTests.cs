using System.Diagnostics.Metrics;
using Edm.Profiling.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Edm.Profiling.Tests;

/// <summary>
/// The Edm.Profiling meter (docs/profiling.md, "Live metrics"): its observable instruments read the running
/// session's thread buffers when a listener collects, per probe with method, category and layer tags.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class LiveMetricsTests
{
    [Fact]
    public void A_listener_reads_calls_faults_times_and_bytes_per_probe_with_their_tags()
    {
        using ManualClock clock = ManualClock.Install();
        int light = Register("MetricsLight", Layer.Lightweight, "io");
        int detailed = Register("MetricsDetailed", Layer.Detailed, category: null);
        using ProfilingSession session = Profiler.StartSession("live-metrics", new SessionOptions { Calibrate = false });
        for (int i = 0; i < 3; i++)
        {
            ProbeHarness.Call(light, () => clock.Advance(2_000));
        }

        ProbeHarness.Call(detailed, () => GC.KeepAlive(new byte[4096]));
        Assert.Throws<InvalidOperationException>(() => ProbeHarness.Call(detailed, () => throw new InvalidOperationException("fault")));

        using var collector = new Collector();
        collector.Collect();
        string lightName = Name(light), detailedName = Name(detailed);
        Assert.Equal(3, collector.Long(ProfilingMetrics.Calls, lightName));
        Assert.Equal(2, collector.Long(ProfilingMetrics.Calls, detailedName));
        Assert.Equal(0, collector.Long(ProfilingMetrics.FaultedCalls, lightName));
        Assert.Equal(1, collector.Long(ProfilingMetrics.FaultedCalls, detailedName));
        Assert.Equal(6e-6, collector.Double(ProfilingMetrics.TotalTime, lightName), 12);
        Assert.Equal(6e-6, collector.Double(ProfilingMetrics.SelfTime, lightName), 12);
        Assert.InRange(collector.Long(ProfilingMetrics.AllocatedBytes, detailedName), 4096, 8192);
        Assert.Null(collector.MaybeLong(ProfilingMetrics.AllocatedBytes, lightName)); // Lightweight probes count no bytes

        Dictionary<string, object?> tags = collector.Tags(ProfilingMetrics.Calls, lightName);
        Assert.Equal("io", tags[ProfilingMetrics.CategoryTag]);
        Assert.Equal("lightweight", tags[ProfilingMetrics.LayerTag]);
        Assert.Equal("", collector.Tags(ProfilingMetrics.Calls, detailedName)[ProfilingMetrics.CategoryTag]);
        Assert.Equal("detailed", collector.Tags(ProfilingMetrics.Calls, detailedName)[ProfilingMetrics.LayerTag]);
        Assert.Equal(3, session.Stop().Method(light).Calls);
    }

    [Fact]
    public void Duration_percentiles_cover_the_calls_completed_since_the_previous_collection()
    {
        using ManualClock clock = ManualClock.Install();
        int probe = Register("MetricsPercentiles", Layer.Lightweight, null);
        int idle = Register("MetricsIdle", Layer.Lightweight, null);
        using ProfilingSession session = Profiler.StartSession("live-percentiles", new SessionOptions { Calibrate = false, AdaptiveTiming = false });
        ProbeHarness.Call(idle, () => clock.Advance(10));
        for (int i = 0; i < 10; i++)
        {
            ProbeHarness.Call(probe, () => clock.Advance(1_000));
        }

        using var collector = new Collector();
        collector.Collect();
        string name = Name(probe);
        Assert.InRange(collector.Quantile(name, "0.5")!.Value, 0.97e-6, 1.03e-6);
        Assert.InRange(collector.Quantile(name, "0.99")!.Value, 0.97e-6, 1.03e-6);

        for (int i = 0; i < 10; i++)
        {
            ProbeHarness.Call(probe, () => clock.Advance(50_000));
        }

        collector.Collect();
        // Only the ten 50 µs calls of the last interval: the earlier 1 µs calls are not in it.
        Assert.InRange(collector.Quantile(name, "0.5")!.Value, 48.5e-6, 51.5e-6);
        Assert.Null(collector.Quantile(Name(idle), "0.5")); // not called since the previous collection
        Assert.Equal(20, collector.Long(ProfilingMetrics.Calls, name)); // counters stay cumulative
    }

    [Fact]
    public void A_listener_that_throws_does_not_disturb_the_probes_nor_other_listeners()
    {
        int probe = Register("MetricsThrowingListener", Layer.Lightweight, null);
        using ProfilingSession session = Profiler.StartSession("live-throwing-listener", new SessionOptions { Calibrate = false });
        using var throwing = new MeterListener();
        throwing.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ProfilingMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        throwing.SetMeasurementEventCallback<long>((_, _, _, _) => throw new InvalidOperationException("listener bug"));
        throwing.Start();

        ProbeHarness.Call(probe, () => { });
        // The listener's exceptions reach the listener's own caller (the runtime gathers them), not the program's probes.
        AggregateException thrown = Assert.Throws<AggregateException>(throwing.RecordObservableInstruments);
        Assert.All(thrown.InnerExceptions, e => Assert.Equal("listener bug", e.Message));
        ProbeHarness.Call(probe, () => { });

        using var collector = new Collector();
        collector.Collect();
        Assert.Equal(2, collector.Long(ProfilingMetrics.Calls, Name(probe)));
        SessionReport report = session.Stop();
        Assert.Equal(2, report.Method(probe).Calls);
        Assert.DoesNotContain(report.Warnings, w => w.Contains("fault", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Probe_calls_allocate_nothing_while_a_listener_collects()
    {
        int probe = Register("MetricsNoAllocation", Layer.Lightweight, null);
        using ProfilingSession session = Profiler.StartSession("live-allocations", new SessionOptions { Calibrate = false });
        using var collector = new Collector();
        ProbeHarness.Call(probe, () => { });
        collector.Collect();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            ProbeFrame frame = Probe.Enter(probe);
            Probe.Exit(ref frame);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        collector.Collect();
        Assert.Equal(0, allocated);
        Assert.Equal(1001, collector.Long(ProfilingMetrics.Calls, Name(probe)));
    }

    [Fact]
    public void Without_a_session_the_instruments_report_nothing()
    {
        int probe = Register("MetricsNoSession", Layer.Lightweight, null);
        using (Profiler.StartSession("live-before", new SessionOptions { Calibrate = false }))
        {
            ProbeHarness.Call(probe, () => { });
        }

        using var collector = new Collector();
        collector.Collect();
        Assert.Null(collector.MaybeLong(ProfilingMetrics.Calls, Name(probe)));
    }

    [Fact]
    public void The_OpenTelemetry_SDK_exports_the_instruments_of_the_Edm_Profiling_meter()
    {
        using ManualClock clock = ManualClock.Install();
        int probe = Register("MetricsOpenTelemetry", Layer.Detailed, "parse");
        using ProfilingSession session = Profiler.StartSession("live-otel", new SessionOptions { Calibrate = false, AdaptiveTiming = false });
        var exported = new List<Metric>();
        using MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ProfilingMetrics.MeterName)
            .AddInMemoryExporter(exported)
            .Build();

        for (int i = 0; i < 7; i++)
        {
            ProbeHarness.Call(probe, () => clock.Advance(3_000));
        }

        provider.ForceFlush();
        string name = Name(probe);
        Assert.Equal(
            [ProfilingMetrics.AllocatedBytes, ProfilingMetrics.Calls, ProfilingMetrics.FaultedCalls, ProfilingMetrics.Duration, ProfilingMetrics.SelfTime, ProfilingMetrics.TotalTime],
            exported.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal("{call}", exported.First(m => m.Name == ProfilingMetrics.Calls).Unit);
        Assert.Equal("s", exported.First(m => m.Name == ProfilingMetrics.TotalTime).Unit);
        Assert.Equal("By", exported.First(m => m.Name == ProfilingMetrics.AllocatedBytes).Unit);

        MetricPoint calls = Point(exported, ProfilingMetrics.Calls, name);
        Assert.Equal(7, calls.GetSumLong());
        Dictionary<string, object?> tags = TagsOf(calls);
        Assert.Equal("parse", tags[ProfilingMetrics.CategoryTag]);
        Assert.Equal("detailed", tags[ProfilingMetrics.LayerTag]);
        Assert.Equal(21e-6, Point(exported, ProfilingMetrics.TotalTime, name).GetSumDouble(), 12);
        double median = Points(exported, ProfilingMetrics.Duration, name).Single(p => (string?)TagsOf(p)[ProfilingMetrics.QuantileTag] == "0.5").GetGaugeLastValueDouble();
        Assert.InRange(median, 2.9e-6, 3.1e-6);

        exported.Clear();
        ProbeHarness.Call(probe, () => clock.Advance(3_000));
        provider.ForceFlush();
        Assert.Equal(8, Point(exported, ProfilingMetrics.Calls, name).GetSumLong());
    }

    private static int Register(string name, Layer layer, string? category) =>
        Probe.Register(new ProbeDescriptor($"Tests.{name}#{Guid.NewGuid():N}") { Layer = layer, Category = category, Sampling = false });

    private static string Name(int probe) => ProbeRegistry.Get(probe).Name;

    private static List<MetricPoint> Points(List<Metric> metrics, string instrument, string method)
    {
        var points = new List<MetricPoint>();
        foreach (Metric metric in metrics.Where(m => m.Name == instrument))
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                if ((string?)TagsOf(point).GetValueOrDefault(ProfilingMetrics.MethodTag) == method)
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private static MetricPoint Point(List<Metric> metrics, string instrument, string method) => Points(metrics, instrument, method).Last();

    private static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    /// <summary>A MeterListener on the Edm.Profiling meter that keeps the last collection's measurements.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, object Value, Dictionary<string, object?> Tags)> _measurements = [];

        internal Collector()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ProfilingMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        internal void Collect()
        {
            _measurements.Clear();
            _listener.RecordObservableInstruments();
        }

        internal long? MaybeLong(string instrument, string method) =>
            _measurements.Where(m => m.Instrument == instrument && (string?)m.Tags[ProfilingMetrics.MethodTag] == method).Select(m => (long?)(long)m.Value).SingleOrDefault();

        internal long Long(string instrument, string method) => MaybeLong(instrument, method) ?? throw new Xunit.Sdk.XunitException($"no {instrument} for {method}");

        internal double Double(string instrument, string method) =>
            _measurements.Where(m => m.Instrument == instrument && (string?)m.Tags[ProfilingMetrics.MethodTag] == method).Select(m => (double)m.Value).Single();

        internal double? Quantile(string method, string quantile) =>
            _measurements.Where(m => m.Instrument == ProfilingMetrics.Duration && (string?)m.Tags[ProfilingMetrics.MethodTag] == method && (string?)m.Tags[ProfilingMetrics.QuantileTag] == quantile)
                .Select(m => (double?)(double)m.Value).SingleOrDefault();

        internal Dictionary<string, object?> Tags(string instrument, string method) =>
            _measurements.First(m => m.Instrument == instrument && (string?)m.Tags[ProfilingMetrics.MethodTag] == method).Tags;

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, object value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
