using BenchmarkDotNet.Attributes;
using Edm.Profiling.Analysis;

namespace Edm.Profiling.Benchmarks.Analysis;

/// <summary>
/// Load, save and compare 10,000-probe baselines (targets: ≤ 100 ms to load or save, ≤ 200 ms to
/// compare two). Run: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*BaselineBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class BaselineBenchmarks
{
    private string _directory = "";
    private string _file = "";
    private Baseline _baseline = null!;
    private Baseline _current = null!;

    /// <summary>Probes in each baseline.</summary>
    [Params(10_000)]
    public int Probes { get; set; }

    /// <summary>Duration samples kept per probe (the reservoir size).</summary>
    [Params(100, 1_000)]
    public int SamplesPerProbe { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _baseline = LargeBaselines.Make(Probes, SamplesPerProbe, seed: 1);
        _current = LargeBaselines.Make(Probes, SamplesPerProbe, seed: 2, slowdown: 1.2);
        _directory = Directory.CreateTempSubdirectory("edm-bench-").FullName;
        _file = Path.Combine(_directory, "baseline.json");
        BaselineJson.WriteFile(_baseline, _file);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public Baseline Load() => BaselineJson.ReadFile(_file);

    [Benchmark]
    public void Save() => BaselineJson.WriteFile(_baseline, Path.Combine(_directory, "saved.json"));

    [Benchmark]
    public ComparisonReport Compare() => RegressionDetector.Compare(_baseline, _current);
}
