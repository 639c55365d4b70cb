using Perfolizer.Metrology;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Compares a run with a baseline, method by method (matched by display name) and metric by metric:
/// calls per run and allocated bytes per call as hard gates, wall time through a rank-based
/// equivalence test. Runs from different machines, runtimes, builds or format versions are not
/// compared: every verdict is then <see cref="Verdict.Incomparable"/>, never a regression.
/// </summary>
public static class RegressionDetector
{
    /// <summary>Below this many methods the comparison runs on one thread; above, methods are judged in parallel.</summary>
    private const int ParallelThreshold = 256;

    /// <summary>Compares two sessions.</summary>
    public static ComparisonReport Compare(SessionReport baseline, SessionReport current, ComparisonOptions? options = null) =>
        Compare(Baseline.FromSession(baseline), Baseline.FromSession(current), options);

    /// <summary>Compares a session with a baseline.</summary>
    public static ComparisonReport Compare(Baseline baseline, SessionReport current, ComparisonOptions? options = null) =>
        Compare(baseline, Baseline.FromSession(current), options);

    /// <summary>Compares two baselines (either may be a single run).</summary>
    /// <exception cref="AnalysisException">An option is out of range.</exception>
    public static ComparisonReport Compare(Baseline baseline, Baseline current, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new ComparisonOptions();
        options.Validate();

        var before = MethodIndex.Of(baseline);
        var after = MethodIndex.Of(current);
        string[] names = [.. before.Names.Union(after.Names, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        string? incomparable = ComparabilityGate.Check(
            baseline.Runs.Count > 0 ? baseline.Runs[0].SchemaVersion : baseline.SchemaVersion, baseline.Environment,
            current.Runs.Count > 0 ? current.Runs[0].SchemaVersion : current.SchemaVersion, current.Environment);

        var methods = new MethodComparison[names.Length];
        if (incomparable is not null)
        {
            for (int i = 0; i < names.Length; i++)
            {
                methods[i] = new MethodComparison
                {
                    Name = names[i],
                    Verdict = Verdict.Incomparable,
                    BaselineStatistics = before.Find(names[i])?.Statistics,
                    CurrentStatistics = after.Find(names[i])?.Statistics,
                };
            }
        }
        else
        {
            // Two ticks of the coarser clock: a difference of one tick is quantisation, not a change.
            double tickNs = 1e9 / Math.Max(1, Math.Min(Frequency(baseline), Frequency(current)));
            double floorNs = Math.Max(2 * tickNs, options.ProbeCostNs);
            var time = (Threshold: WallTimeComparer.Threshold(options, floorNs), FloorNs: floorNs);
            if (names.Length < ParallelThreshold)
            {
                for (int i = 0; i < names.Length; i++)
                {
                    methods[i] = CompareMethod(names[i], before, after, time, options);
                }
            }
            else
            {
                Parallel.For(0, names.Length, i => methods[i] = CompareMethod(names[i], before, after, time, options));
            }
        }

        return new ComparisonReport
        {
            BaselineName = Describe(baseline),
            CurrentName = Describe(current),
            IncomparableReason = incomparable,
            TimeThreshold = options.TimeThreshold,
            AllocationThreshold = options.AllocationThreshold,
            Methods = methods,
            Summary = VerdictSummary.Of(methods),
            Baseline = baseline.ToSessionReport(),
            Current = current.ToSessionReport(),
        };
    }

    private static MethodComparison CompareMethod(string name, MethodIndex before, MethodIndex after, (Threshold Threshold, double FloorNs) time, ComparisonOptions options)
    {
        MethodIndex.Entry? b = before.Find(name), c = after.Find(name);
        if (b is null || c is null)
        {
            return new MethodComparison
            {
                Name = name,
                Verdict = b is null ? Verdict.New : Verdict.Missing,
                BaselineStatistics = b?.Statistics,
                CurrentStatistics = c?.Statistics,
            };
        }

        var metrics = new List<MetricComparison>(3)
        {
            CallCountComparer.Compare(before.CallsPerRun(b), after.CallsPerRun(c)),
        };
        if (AllocationComparer.Compare(b.Statistics, c.Statistics, options) is { } allocations)
        {
            metrics.Add(allocations);
        }

        metrics.Add(WallTimeComparer.Compare(MethodIndex.SortedSamples(b.Statistics), MethodIndex.SortedSamples(c.Statistics), time.Threshold, time.FloorNs, options));
        return new MethodComparison
        {
            Name = name,
            Verdict = Overall(metrics),
            Metrics = metrics,
            BaselineStatistics = b.Statistics,
            CurrentStatistics = c.Statistics,
        };
    }

    /// <summary>Regressed if any metric regressed; else Improved if any improved; else Unknown if any is unknown.</summary>
    private static Verdict Overall(List<MetricComparison> metrics) =>
        metrics.Any(m => m.Verdict == Verdict.Regressed) ? Verdict.Regressed
        : metrics.Any(m => m.Verdict == Verdict.Improved) ? Verdict.Improved
        : metrics.Any(m => m.Verdict == Verdict.Unknown) ? Verdict.Unknown
        : Verdict.Unchanged;

    private static long Frequency(Baseline b) =>
        b.Settings.TimestampFrequency > 0 ? b.Settings.TimestampFrequency : Math.Max(1, b.Environment.StopwatchFrequency);

    private static string Describe(Baseline b) => b.Key is { } key ? $"{b.Name}@{key}" : b.Name;
}
