using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// What the Edm.Profiling meter (live metrics) costs a probed call: the same probes with the meter off
/// (EDM_PROFILING_METRICS=0), with the meter and nobody listening, and with a listener collecting every
/// 100 ms on another thread (ten times dotnet-counters' default rate). The instruments read the thread
/// buffers at collection time, so the three should match within noise.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MetricsConfig))]
public class LiveMetricsBenchmarks
{
    private ProfilingSession? _session;
    private MeterListener? _listener;
    private Timer? _collector;
    private int _value;

    /// <summary>Whether a MeterListener collects the Edm.Profiling instruments while the probes run.</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = Profiler.StartSession("benchmark", new SessionOptions { AdaptiveTiming = false });
        if (Listening)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == ProfilingMetrics.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            _listener.Start();
            _collector = new Timer(_ => _listener.RecordObservableInstruments(), null, 100, 100);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector?.Dispose();
        _listener?.Dispose();
        _session?.Stop();
    }

    [Benchmark(Baseline = true, Description = "direct call")]
    public int DirectCall() => Target.AddPlain(_value++);

    [Benchmark(Description = "Lightweight probe")]
    public int Lightweight() => Target.Add(_value++);

    [Benchmark(Description = "Detailed probe")]
    public int Detailed() => Target.AddDetailed(_value++);

    private sealed class MetricsConfig : ManualConfig
    {
        public MetricsConfig()
        {
            AddJob(Job.ShortRun.WithId("meter off").WithEnvironmentVariable("EDM_PROFILING_METRICS", "0"));
            AddJob(Job.ShortRun.WithId("meter on"));
        }
    }
}
