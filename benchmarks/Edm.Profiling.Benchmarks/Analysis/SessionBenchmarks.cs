using BenchmarkDotNet.Attributes;

namespace Edm.Profiling.Benchmarks.Analysis;

/// <summary>
/// Save and load a 10,000-probe session file: what a profiled run writes at its end and what every
/// report and comparison reads first. <see cref="Layout"/> says how the file read was written: by
/// today's writer (samples packed) or in the 1.1 layout (every array element on a line of its own).
/// Run: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*SessionBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
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

    /// <summary>How the file <see cref="Load"/> reads was written (<see cref="SessionLayout"/>).</summary>
    [Params(SessionLayout.Packed, SessionLayout.Release11)]
    public string Layout { get; set; } = SessionLayout.Packed;

    [GlobalSetup]
    public void Setup()
    {
        _session = LargeBaselines.MakeSession(Probes, SamplesPerProbe, seed: 1);
        _directory = Directory.CreateTempSubdirectory("edm-bench-").FullName;
        _file = Path.Combine(_directory, "session.json");
        SessionLayout.Write(_session, _file, Layout);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public SessionReport Load() => SessionJson.ReadFile(_file);

    /// <summary>
    /// A load, then every duration sample used: samples read packed are decoded on first use, so this is
    /// what a load costs a comparison, which ranks them all.
    /// </summary>
    [Benchmark]
    public long LoadAndUseSamples()
    {
        SessionReport session = SessionJson.ReadFile(_file);
        long sum = 0;
        foreach (MethodStatistics method in session.Methods)
        {
            foreach (long duration in method.Samples?.DurationsNs ?? [])
            {
                sum += duration;
            }
        }

        return sum;
    }

    [Benchmark]
    public void Save() => SessionJson.WriteFile(_session, Path.Combine(_directory, "saved.json"));
}
