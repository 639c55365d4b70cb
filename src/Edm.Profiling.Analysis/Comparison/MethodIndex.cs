namespace Edm.Profiling.Analysis;

/// <summary>A baseline's methods by display name, with their per-run call counts.</summary>
internal sealed class MethodIndex
{
    private readonly Dictionary<string, Entry> _byName;
    private readonly IReadOnlyList<BaselineRun> _runs;

    private MethodIndex(Dictionary<string, Entry> byName, IReadOnlyList<BaselineRun> runs)
    {
        _byName = byName;
        _runs = runs;
    }

    internal IEnumerable<string> Names => _byName.Keys;

    /// <summary>The baseline's runs, with each one's calls and median per method (by <see cref="Entry.Index"/>).</summary>
    internal IReadOnlyList<BaselineRun> Runs => _runs;

    internal static MethodIndex Of(Baseline baseline)
    {
        var nameOf = new Dictionary<int, string>(baseline.Probes.Count);
        foreach (ProbeInfo probe in baseline.Probes)
        {
            nameOf.TryAdd(probe.Id, probe.Name);
        }

        var byName = new Dictionary<string, Entry>(baseline.Methods.Count, StringComparer.Ordinal);
        for (int i = 0; i < baseline.Methods.Count; i++)
        {
            MethodStatistics method = baseline.Methods[i];
            if (nameOf.TryGetValue(method.ProbeId, out string? name))
            {
                byName.TryAdd(name, new Entry(i, method));
            }
        }

        return new MethodIndex(byName, baseline.Runs);
    }

    internal Entry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Least, most and mean calls per run; a baseline without per-run counts is one run.</summary>
    internal (long Min, long Max, double Mean) CallsPerRun(Entry entry)
    {
        if (_runs.Count == 0 || _runs.Any(r => r.Calls.Count <= entry.Index))
        {
            return (entry.Statistics.Calls, entry.Statistics.Calls, entry.Statistics.Calls);
        }

        long min = long.MaxValue, max = long.MinValue, sum = 0;
        foreach (BaselineRun run in _runs)
        {
            long calls = run.Calls[entry.Index];
            min = Math.Min(min, calls);
            max = Math.Max(max, calls);
            sum += calls;
        }

        return (min, max, (double)sum / _runs.Count);
    }

    /// <summary>The duration samples sorted, or null when the method has none; a sorted array (as baselines store them) is used as it is.</summary>
    internal static long[]? SortedSamples(MethodStatistics method)
    {
        if (method.Samples is not { } samples)
        {
            return null;
        }

        if (samples.DurationsNs is long[] array && IsSorted(array))
        {
            return array;
        }

        long[] copy = [.. samples.DurationsNs];
        Array.Sort(copy);
        return copy;
    }

    /// <summary>
    /// The duration samples with the method's mean probe cost per call taken out (never below zero), when
    /// <paramref name="compensate"/> is set and the method has compensated figures; else <see cref="SortedSamples(MethodStatistics)"/>.
    /// </summary>
    internal static long[]? SortedSamples(MethodStatistics method, bool compensate)
    {
        long[]? samples = SortedSamples(method);
        if (!compensate || samples is null || ProbeCostPerCall(method) is not { } cost || cost == 0)
        {
            return samples;
        }

        long[] shifted = new long[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            shifted[i] = Math.Max(0, samples[i] - cost); // a constant shift keeps the order
        }

        return shifted;
    }

    /// <summary>The mean probe cost inside one call's inclusive time, or null when the method was not compensated.</summary>
    internal static long? ProbeCostPerCall(MethodStatistics method) =>
        method.CompensatedInclusiveNs is { } compensated && method.Calls > 0
            ? Math.Max(0, (method.InclusiveNs - compensated) / method.Calls)
            : null;

    private static bool IsSorted(long[] values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    internal sealed record Entry(int Index, MethodStatistics Statistics);
}
