using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class HistogramTests
{
    public static TheoryData<string> Distributions => ["lognormal", "uniform", "bimodal", "exponential"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentiles_from_the_histogram_are_within_5_percent_of_exact_percentiles(string distribution)
    {
        long[] samples = Synthetic(distribution, 20_000, seed: 7);
        long[] counts = new long[LatencyHistogram.BucketCount];
        foreach (long s in samples)
        {
            counts[LatencyHistogram.IndexOf(s)]++;
        }

        long[] sorted = [.. samples.Order()];
        foreach (double q in new[] { 0.5, 0.9, 0.99 })
        {
            long exact = ExactPercentile(sorted, q);
            long estimate = LatencyHistogram.ValueAt(counts, samples.Length, q, sorted[0], sorted[^1]);
            Assert.InRange(estimate, exact * 0.95, exact * 1.05);
        }
    }

    [Fact]
    public void A_session_reports_percentiles_of_recorded_calls_within_5_percent()
    {
        using var clock = ManualClock.Install();
        int probe = ProbeHarness.Register("Percentiles");
        long[] samples = Synthetic("lognormal", 5_000, seed: 11);
        using ProfilingSession session = Profiler.StartSession("percentiles");
        foreach (long duration in samples)
        {
            ProbeHarness.Call(probe, () => clock.Advance(duration));
        }

        MethodStatistics m = session.Stop().Method(probe);
        long[] sorted = [.. samples.Order()];
        Assert.InRange(m.P50Ns, ExactPercentile(sorted, 0.5) * 0.95, ExactPercentile(sorted, 0.5) * 1.05);
        Assert.InRange(m.P90Ns, ExactPercentile(sorted, 0.9) * 0.95, ExactPercentile(sorted, 0.9) * 1.05);
        Assert.InRange(m.P99Ns, ExactPercentile(sorted, 0.99) * 0.95, ExactPercentile(sorted, 0.99) * 1.05);
        Assert.Equal(sorted[0], m.MinNs);
        Assert.Equal(sorted[^1], m.MaxNs);
        Assert.Equal(samples.Length, m.Histogram.Counts.Sum());
    }

    [Fact]
    public void Bucket_bounds_contain_their_values_and_tile_the_line()
    {
        var random = new Random(3);
        for (int i = 0; i < 100_000; i++)
        {
            long value = (long)Math.Exp(random.NextDouble() * 32); // up to ~8e13 ns, inside the tracked range
            int index = LatencyHistogram.IndexOf(value);
            Assert.InRange(value, LatencyHistogram.LowerBound(index), LatencyHistogram.UpperBound(index) - 1);
        }

        for (int index = 1; index < LatencyHistogram.BucketCount; index++)
        {
            Assert.Equal(LatencyHistogram.UpperBound(index - 1), LatencyHistogram.LowerBound(index));
        }
    }

    private static long ExactPercentile(long[] sorted, double q) =>
        sorted[(int)Math.Max(0, Math.Ceiling(q * sorted.Length) - 1)];

    internal static long[] Synthetic(string distribution, int n, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, n).Select(_ => distribution switch
        {
            "lognormal" => (long)Math.Exp(10 + (0.8 * Normal())),
            "uniform" => 1_000 + (long)(random.NextDouble() * 99_000),
            "bimodal" => random.NextDouble() < 0.7 ? (long)(50_000 + (2_000 * Normal())) : (long)(400_000 + (20_000 * Normal())),
            "exponential" => 100 + (long)(-20_000 * Math.Log(1 - random.NextDouble())),
            _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
        }).Select(v => Math.Max(1, v)).ToArray();
    }
}
