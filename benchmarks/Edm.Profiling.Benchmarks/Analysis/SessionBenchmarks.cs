using BenchmarkDotNet.Attributes;

namespace Edm.Profiling.Benchmarks.Analysis;

/// <summary>
/// Save and load a 10,000-probe session file: what a profiled run writes at its end and what every
/// report and comparison reads first.
/// Run: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*SessionBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SessionBenchmarks
{
    private string _directory = "";
    private string _file = "";
    private SessionReport _session = null!;

    /// <summary>Probes in the session.</summary>
    [Params(10_000)]
    public int Probes { get; set; }

    /// <summary>Duration samples kept per probe (the reservoir size).</summary>
    [Params(100)]
    public int SamplesPerProbe { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = LargeBaselines.MakeSession(Probes, SamplesPerProbe, seed: 1);
        _directory = Directory.CreateTempSubdirectory("edm-bench-").FullName;
        _file = Path.Combine(_directory, "session.json");
        SessionJson.WriteFile(_session, _file);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public SessionReport Load() => SessionJson.ReadFile(_file);

    [Benchmark]
    public void Save() => SessionJson.WriteFile(_session, Path.Combine(_directory, "saved.json"));
}
