using Edm.Profiling.Analysis;

namespace Edm.Profiling.Benchmarks.Analysis;

/// <summary>
/// Baselines the size of a large program: 10,000 probes, each with a 24-bucket histogram, a call-tree
/// node, allocation figures and a reservoir of duration samples of the given size.
/// </summary>
internal static class LargeBaselines
{
    internal static Baseline Make(int probes, int samplesPerProbe, int seed, double slowdown = 1.0) =>
        Baseline.FromSession(MakeSession(probes, samplesPerProbe, seed, slowdown), "edm-analyze");

    /// <summary>The session such a baseline is made from.</summary>
    internal static SessionReport MakeSession(int probes, int samplesPerProbe, int seed, double slowdown = 1.0)
    {
        var random = new Random(seed);
        var infos = new ProbeInfo[probes];
        var methods = new MethodStatistics[probes];
        var tree = new CallTreeNode[probes];
        for (int id = 0; id < probes; id++)
        {
            double median = 500 * Math.Pow(2, id % 12);
            // Every tenth method is slower in the "current" baseline, so the comparison has work to report.
            double scale = id % 10 == 0 ? slowdown : 1.0;
            long[] durations = new long[samplesPerProbe];
            for (int i = 0; i < durations.Length; i++)
            {
                double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                durations[i] = (long)(median * scale * Math.Exp(0.2 * gaussian));
            }

            Array.Sort(durations);
            long calls = samplesPerProbe * 10L;
            long total = durations.Sum() * 10;
            infos[id] = new ProbeInfo
            {
                Id = id,
                Name = $"Edm.Generated.Namespace{id / 100:D3}.Type{id % 100:D2}.Method{id:D5}(int, string)",
                DeclaringType = $"Edm.Generated.Namespace{id / 100:D3}.Type{id % 100:D2}",
                Layer = Layer.Detailed,
                Kind = ProbeKind.Method,
            };
            methods[id] = new MethodStatistics
            {
                ProbeId = id,
                Calls = calls,
                InclusiveNs = total,
                SelfNs = total / 2,
                TotalNs = total,
                MinNs = durations[0],
                MaxNs = durations[^1],
                MeanNs = total / calls,
                P50Ns = durations[durations.Length / 2],
                P90Ns = durations[durations.Length * 9 / 10],
                P99Ns = durations[durations.Length * 99 / 100],
                Histogram = new Histogram
                {
                    Buckets = [.. Enumerable.Range(300 + (id % 12 * 32), 24)],
                    Counts = [.. Enumerable.Range(0, 24).Select(b => calls / 24 + (b < calls % 24 ? 1 : 0))],
                },
                Samples = new DurationSample { Population = calls, DurationsNs = durations },
                Allocations = new AllocationStatistics { Calls = calls, AllocatedBytes = calls * 64, SelfAllocatedBytes = calls * 32 },
            };
            tree[id] = new CallTreeNode { Id = id, ParentId = id == 0 ? null : (id - 1) / 8, ProbeId = id, Calls = calls, InclusiveNs = total, SelfNs = total / 2 };
        }

        return new SessionReport
        {
            Name = "edm analyze",
            StartedAt = DateTimeOffset.UnixEpoch,
            DurationNs = 60_000_000_000,
            Environment = new EnvironmentInfo
            {
                Os = "Linux",
                Architecture = "X64",
                CpuModel = "Benchmark CPU",
                LogicalCores = 2,
                Runtime = ".NET 10.0.0",
                RuntimeVersion = "10.0.0",
                BuildConfiguration = "Release",
                StopwatchFrequency = 1_000_000_000,
                MachineFingerprint = "bench",
                Commit = $"commit{seed}",
                Branch = "main",
            },
            Settings = new SessionSettings { SampleReservoirSize = samplesPerProbe, TimestampFrequency = 1_000_000_000, MaxLayer = Layer.Detailed },
            Probes = infos,
            Methods = methods,
            CallTree = tree,
        };
    }
}
