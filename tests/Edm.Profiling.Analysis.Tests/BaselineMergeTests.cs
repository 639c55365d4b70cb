using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

public sealed class BaselineMergeTests
{
    private const string Fft = "Edm.Tracks.Analyzer.Fft(float[])";
    private const string Read = "Edm.Tracks.WavReader.Read(string)";

    private static SessionReport Run(int minute, EnvironmentInfo? environment = null, string name = "edm analyze", params Method[] methods) =>
        Session(name, environment, DateTimeOffset.UnixEpoch.AddMinutes(minute), methods);

    [Fact]
    public void Merging_sums_counts_and_histograms_and_keeps_the_environment_and_commit()
    {
        var random = new Random(1);
        SessionReport first = Run(0, methods: [new Method(Fft, LogNormal(random, 100, 8_000), AllocatedBytes: 100 * 64), new Method(Read, LogNormal(random, 2, 1_000_000))]);
        SessionReport second = Run(1, methods: [new Method(Fft, LogNormal(random, 300, 8_000), AllocatedBytes: 300 * 64)]);
        Baseline baseline = Baseline.Merge("edm-analyze", [first, second], new BaselineOptions { Version = "1.2.0" });

        Assert.Equal("edm analyze", baseline.Command);
        Assert.Equal("1.2.0", baseline.Key);
        Assert.Equal("c0ffee1", baseline.Commit);
        Assert.Equal("main", baseline.Branch);
        Assert.Equal(first.Environment, baseline.Environment);
        Assert.Equal([Fft, Read], baseline.Probes.Select(p => p.Name)); // sorted by name, ids are indexes
        Assert.Equal([0, 1], baseline.Probes.Select(p => p.Id));

        MethodStatistics fft = baseline.Methods[0];
        MethodStatistics a = first.Methods[0], b = second.Methods[0];
        Assert.Equal(400, fft.Calls);
        Assert.Equal(a.TotalNs + b.TotalNs, fft.TotalNs);
        Assert.Equal(Math.Min(a.MinNs, b.MinNs), fft.MinNs);
        Assert.Equal(Math.Max(a.MaxNs, b.MaxNs), fft.MaxNs);
        Assert.Equal(fft.TotalNs / 400, fft.MeanNs);
        Assert.Equal(400, fft.Histogram.Counts.Sum());
        Assert.InRange(fft.P50Ns, fft.MinNs, fft.MaxNs);
        Assert.Equal(400 * 64, fft.Allocations!.AllocatedBytes);
        Assert.Equal(400, fft.Allocations.Calls);

        Assert.Equal([100, 300], baseline.Runs.Select(r => r.Calls[0]));
        Assert.Equal([2, 0], baseline.Runs.Select(r => r.Calls[1])); // absent from the second run
        Assert.Equal(2, baseline.CallTree.Count); // the Fft roots of both runs are one node
        Assert.Equal(400, baseline.CallTree.Single(n => baseline.Probes[n.ProbeId].Name == Fft).Calls);
    }

    [Fact]
    public void Merged_samples_are_a_uniform_sample_with_each_run_in_proportion_to_its_calls()
    {
        // Run A: 1,000 calls of ~1 µs, all kept. Run B: 9,000 calls of ~5 µs, 1,000 kept.
        var random = new Random(2);
        SessionReport a = Run(0, methods: new Method(Fft, LogNormal(random, 1000, 1_000), Calls: 1000));
        SessionReport b = Run(1, methods: new Method(Fft, LogNormal(random, 1000, 5_000), Calls: 9000));
        Baseline baseline = Baseline.Merge("edm", [a, b]);

        DurationSample sample = baseline.Methods[0].Samples!;
        Assert.Equal(10_000, sample.Population);
        Assert.Equal(1000, sample.DurationsNs.Count); // capacity: the sessions' reservoir size
        Assert.Equal(sample.DurationsNs.Order(), sample.DurationsNs); // stored sorted
        int fromA = sample.DurationsNs.Count(d => d < 2_500);
        Assert.Equal(100, fromA); // 10% of the calls were A's, so 10% of the sample
        Assert.Equal(sample, Baseline.Merge("edm", [a, b]).Methods[0].Samples); // seeded: the same every time
    }

    [Fact]
    public void A_run_that_kept_few_values_limits_the_merged_sample_rather_than_skewing_it()
    {
        var random = new Random(3);
        SessionReport a = Run(0, methods: new Method(Fft, LogNormal(random, 10, 1_000), Calls: 5000)); // 10 values for 5,000 calls
        SessionReport b = Run(1, methods: new Method(Fft, LogNormal(random, 1000, 5_000), Calls: 5000));
        DurationSample sample = Baseline.Merge("edm", [a, b]).Methods[0].Samples!;
        Assert.Equal(20, sample.DurationsNs.Count);
        Assert.Equal(10, sample.DurationsNs.Count(d => d < 2_500));
    }

    [Fact]
    public void Sessions_of_different_commands_commits_or_machines_are_not_merged()
    {
        long[] d = [1000, 1100, 1200];
        var e1 = Assert.Throws<AnalysisException>(() => Baseline.Merge("edm", [Run(0, methods: new Method(Fft, d)), Run(1, name: "edm evaluate", methods: new Method(Fft, d))]));
        Assert.Contains("one command", e1.Message, StringComparison.Ordinal);

        var e2 = Assert.Throws<AnalysisException>(() => Baseline.Merge("edm", [Run(0, methods: new Method(Fft, d)), Run(1, Environment(commit: "beef"), methods: new Method(Fft, d))]));
        Assert.Contains("different commits (c0ffee1, beef)", e2.Message, StringComparison.Ordinal);

        var e3 = Assert.Throws<AnalysisException>(() => Baseline.Merge("edm", [Run(0, methods: new Method(Fft, d)), Run(1, Environment(fingerprint: "0ther"), methods: new Method(Fft, d))]));
        Assert.StartsWith("session 2 ('edm analyze'): cannot be merged with session 1", e3.Message, StringComparison.Ordinal);
        Assert.Contains("machines differ", e3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_reads_back_as_a_session_report_with_the_same_figures()
    {
        SessionReport session = Run(0, methods: [new Method(Fft, LogNormal(new Random(4), 50, 8_000), AllocatedBytes: 500)]);
        SessionReport back = Baseline.FromSession(session).ToSessionReport();
        Assert.Equal(session.Methods[0] with { Samples = null }, back.Methods[0] with { Samples = null });
        Assert.Equal(session.Methods[0].Samples!.DurationsNs.Order(), back.Methods[0].Samples!.DurationsNs);
        Assert.Equal(session.Environment, back.Environment);
        Assert.Equal(session.FindMethod(Fft)!.Calls, back.FindMethod(Fft)!.Calls);
    }
}
