using BenchmarkDotNet.Attributes;
using Edm.Profiling.Analysis;

namespace Edm.Profiling.Benchmarks.Analysis;

/// <summary>
/// What <c>edm-prof ab</c> does beyond running the programs, for 10,000-probe sessions: read every
/// run's session, merge each side (per-run medians included), pair the runs and judge every method.
/// Divide by the number of runs (2 × Pairs) for the overhead per run (goal: under 200 ms).
/// Run: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*AbBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AbBenchmarks
{
    private string _directory = "";
    private string[] _a = [];
    private string[] _b = [];

    /// <summary>Probes in each session.</summary>
    [Params(10_000)]
    public int Probes { get; set; }

    /// <summary>Pairs of runs; the sessions read are twice as many.</summary>
    [Params(5)]
    public int Pairs { get; set; }

    /// <summary>How the session files were written (<see cref="SessionLayout"/>).</summary>
    [Params(SessionLayout.Packed, SessionLayout.Release11)]
    public string Layout { get; set; } = SessionLayout.Packed;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("edm-bench-").FullName;
        _a = new string[Pairs];
        _b = new string[Pairs];
        for (int i = 0; i < Pairs; i++)
        {
            _a[i] = Path.Combine(_directory, $"a-{i:00}.json");
            _b[i] = Path.Combine(_directory, $"b-{i:00}.json");
            SessionLayout.Write(OfCommit(LargeBaselines.MakeSession(Probes, 100, seed: (2 * i) + 1), "base"), _a[i], Layout);
            SessionLayout.Write(OfCommit(LargeBaselines.MakeSession(Probes, 100, seed: (2 * i) + 2, slowdown: 1.2), "head"), _b[i], Layout);
        }
    }

    /// <summary>The runs of one side are of one build: a baseline stands for one commit.</summary>
    private static SessionReport OfCommit(SessionReport session, string commit) =>
        session with { Environment = session.Environment with { Commit = commit } };

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>The whole analysis of an A/B comparison of 2 × Pairs runs.</summary>
    [Benchmark]
    public ComparisonReport ReadPairAndJudge() =>
        PairedRegressionDetector.Compare(Baseline.FromSessionFiles("A", _a), Baseline.FromSessionFiles("B", _b));
}
