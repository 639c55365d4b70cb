using System.Numerics;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>Seeded synthetic sessions: methods with chosen per-call durations, counts and allocations.</summary>
internal static class Synthetic
{
    internal static EnvironmentInfo Environment(string fingerprint = "f1n9e7", string runtime = "10.0.1", string configuration = "Release", string? commit = "c0ffee1", string? branch = "main") => new()
    {
        Os = "Linux 6.8",
        Architecture = "X64",
        CpuModel = "Synthetic CPU @ 3.0GHz",
        LogicalCores = 2,
        Runtime = $".NET {runtime}",
        RuntimeVersion = runtime,
        BuildConfiguration = configuration,
        StopwatchFrequency = 1_000_000_000,
        MachineFingerprint = fingerprint,
        Commit = commit,
        Branch = branch,
        EntryAssembly = "edm",
    };

    /// <summary>A method of a synthetic session: its durations (the sample, and the calls unless given) and allocations.</summary>
    internal sealed record Method(string Name, long[] DurationsNs, long? Calls = null, long? AllocatedBytes = null, bool Approximate = false);

    internal static SessionReport Session(string name, EnvironmentInfo? environment, params Method[] methods) => Session(name, environment, DateTimeOffset.UnixEpoch, methods);

    internal static SessionReport Session(string name, EnvironmentInfo? environment, DateTimeOffset startedAt, params Method[] methods)
    {
        var probes = new List<ProbeInfo>();
        var statistics = new List<MethodStatistics>();
        foreach (Method method in methods)
        {
            int id = probes.Count;
            probes.Add(new ProbeInfo { Id = id, Name = method.Name, DeclaringType = DeclaringType(method.Name), Layer = Layer.Detailed, Kind = ProbeKind.Method });
            statistics.Add(Statistics(id, method));
        }

        return new SessionReport
        {
            Name = name,
            StartedAt = startedAt,
            DurationNs = 1_000_000_000,
            Environment = environment ?? Environment(),
            Settings = new SessionSettings { SampleReservoirSize = 1000, CpuSampleInterval = 64, TimestampFrequency = 1_000_000_000, MaxLayer = Layer.Detailed },
            Probes = probes,
            Methods = statistics,
            CallTree = [.. probes.Select(p => new CallTreeNode { Id = p.Id, ProbeId = p.Id, Calls = statistics[p.Id].Calls, InclusiveNs = statistics[p.Id].TotalNs, SelfNs = statistics[p.Id].TotalNs })],
        };
    }

    private static string? DeclaringType(string name)
    {
        int paren = name.IndexOf('(', StringComparison.Ordinal);
        string member = paren < 0 ? name : name[..paren];
        int dot = member.LastIndexOf('.');
        return dot < 0 ? null : member[..dot];
    }

    private static MethodStatistics Statistics(int id, Method method)
    {
        long[] sorted = [.. method.DurationsNs.Order()];
        long calls = method.Calls ?? sorted.Length;
        var buckets = new SortedDictionary<int, long>();
        foreach (long d in sorted)
        {
            buckets[BucketOf(d)] = buckets.GetValueOrDefault(BucketOf(d)) + 1;
        }

        long total = sorted.Length == 0 ? 0 : (long)(sorted.Average() * calls);
        return new MethodStatistics
        {
            ProbeId = id,
            Calls = calls,
            TotalNs = total,
            InclusiveNs = total,
            SelfNs = total,
            MinNs = sorted.FirstOrDefault(),
            MaxNs = sorted.LastOrDefault(),
            MeanNs = calls == 0 ? 0 : total / calls,
            P50Ns = sorted.Length == 0 ? 0 : sorted[sorted.Length / 2],
            P90Ns = sorted.Length == 0 ? 0 : sorted[sorted.Length * 9 / 10],
            P99Ns = sorted.Length == 0 ? 0 : sorted[sorted.Length * 99 / 100],
            Histogram = new Histogram { Buckets = [.. buckets.Keys], Counts = [.. buckets.Values] },
            Samples = new DurationSample { Population = Math.Max(calls, sorted.Length), DurationsNs = method.DurationsNs },
            Allocations = method.AllocatedBytes is { } bytes
                ? new AllocationStatistics { Calls = calls, AllocatedBytes = bytes, SelfAllocatedBytes = bytes, Approximate = method.Approximate }
                : null,
        };
    }

    /// <summary>The log-linear bucket of a value (32 sub-buckets per power of two), as the runtime files it.</summary>
    private static int BucketOf(long value)
    {
        if (value < 32)
        {
            return (int)Math.Max(0, value);
        }

        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        return ((exponent - 4) << 5) + ((int)(value >> (exponent - 5)) & 31);
    }

    /// <summary>Log-normal durations around <paramref name="medianNs"/> with the given spread (σ of the logarithm).</summary>
    internal static long[] LogNormal(Random random, int count, double medianNs, double sigma = 0.1)
    {
        long[] values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (long)Math.Round(medianNs * Math.Exp(sigma * Gaussian(random)));
        }

        return values;
    }

    /// <summary>A two-mode mixture: a fast path around <paramref name="fastNs"/> and, with probability <paramref name="slowShare"/>, a slow one.</summary>
    internal static long[] Bimodal(Random random, int count, double fastNs, double slowNs, double slowShare, double sigma = 0.08)
    {
        long[] values = new long[count];
        for (int i = 0; i < count; i++)
        {
            double center = random.NextDouble() < slowShare ? slowNs : fastNs;
            values[i] = (long)Math.Round(center * Math.Exp(sigma * Gaussian(random)));
        }

        return values;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
