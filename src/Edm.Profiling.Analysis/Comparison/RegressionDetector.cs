namespace Edm.Profiling.Analysis;

/// <summary>
/// Compares a run with a baseline, method by method (matched by display name) and metric by metric:
/// calls per run and allocated bytes per call as hard gates, wall time through a rank-based
/// equivalence test whose band is widened by the spread the baseline's own runs showed. Runs from
/// different runtimes majors, builds or format versions are not compared: every verdict is then
/// <see cref="Verdict.Incomparable"/>, never a regression. Runs from different machines are compared on
/// calls and allocations only: their time is Unknown unless <see cref="ComparisonOptions.AllowOtherMachine"/>.
/// </summary>
public static class RegressionDetector
{
    /// <summary>Below this many methods the comparison runs on one thread; above, methods are judged in parallel.</summary>
    private const int ParallelThreshold = 256;

    /// <summary>Judges one method's wall time, given its entries on both sides and the absolute floor.</summary>
    internal delegate MetricComparison TimeJudge(MethodIndex before, MethodIndex.Entry b, MethodIndex after, MethodIndex.Entry c, double floorNs);

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
        options ??= new ComparisonOptions();
        return Compare(baseline, current, options, (before, b, after, c, floorNs) => JudgeTime(before, b, after, c, floorNs, options), pairs: null);
    }

    /// <summary>The comparison with the time judged by <paramref name="judge"/>: unpaired against a baseline, or paired run by run.</summary>
    internal static ComparisonReport Compare(Baseline baseline, Baseline current, ComparisonOptions options, TimeJudge judge, int? pairs)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options.Validate();

        var before = MethodIndex.Of(baseline);
        var after = MethodIndex.Of(current);
        string[] names = [.. before.Names.Union(after.Names, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        string? incomparable = ComparabilityGate.CheckData(
            baseline.Runs.Count > 0 ? baseline.Runs[0].SchemaVersion : baseline.SchemaVersion, baseline.Environment,
            current.Runs.Count > 0 ? current.Runs[0].SchemaVersion : current.SchemaVersion, current.Environment);
        string? otherMachine = incomparable is null ? ComparabilityGate.CheckMachine(baseline.Environment, current.Environment) : null;
        var warnings = new List<string>();
        if (otherMachine is not null)
        {
            warnings.Add(options.AllowOtherMachine
                ? $"{otherMachine}: time judged anyway, as asked; its verdicts may be the machines' difference, not the code's"
                : $"{otherMachine}: time is not judged (Unknown); calls and allocations are. Compare on the machine that recorded the baseline, or allow another machine explicitly to judge time anyway");
        }

        TimeJudge time = otherMachine is not null && !options.AllowOtherMachine
            ? (_, _, _, _, _) => new MetricComparison { Metric = Metric.WallTime, Verdict = Verdict.Unknown, Reason = otherMachine }
            : judge;
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
            if (names.Length < ParallelThreshold)
            {
                for (int i = 0; i < names.Length; i++)
                {
                    methods[i] = CompareMethod(names[i], before, after, time, floorNs, options);
                }
            }
            else
            {
                Parallel.For(0, names.Length, i => methods[i] = CompareMethod(names[i], before, after, time, floorNs, options));
            }

            AddTypeChanges(methods, baseline, current);
        }

        return new ComparisonReport
        {
            BaselineName = Describe(baseline),
            CurrentName = Describe(current),
            IncomparableReason = incomparable,
            Warnings = warnings,
            Pairs = pairs,
            TimeThreshold = options.TimeThreshold,
            AllocationThreshold = options.AllocationThreshold,
            Methods = methods,
            Summary = VerdictSummary.Of(methods),
            Baseline = baseline.ToSessionReport(),
            Current = current.ToSessionReport(),
        };
    }

    /// <summary>With allocation samples on both sides: each compared method's types that changed most (information).</summary>
    private static void AddTypeChanges(MethodComparison[] methods, Baseline baseline, Baseline current)
    {
        if (baseline.SampledAllocations is not { } before || current.SampledAllocations is not { } after)
        {
            return;
        }

        var beforeByName = before.ToDictionary(p => p.Method, StringComparer.Ordinal);
        var afterByName = after.ToDictionary(p => p.Method, StringComparer.Ordinal);
        for (int i = 0; i < methods.Length; i++)
        {
            MethodComparison m = methods[i];
            if (m.BaselineStatistics is not { } b || m.CurrentStatistics is not { } c)
            {
                continue;
            }

            if (AllocatedTypeChange.Of(beforeByName.GetValueOrDefault(m.Name), b.Calls, afterByName.GetValueOrDefault(m.Name), c.Calls) is { Count: > 0 } changes)
            {
                methods[i] = m with { TypeChanges = changes };
            }
        }
    }

    private static MethodComparison CompareMethod(string name, MethodIndex before, MethodIndex after, TimeJudge time, double floorNs, ComparisonOptions options)
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

        metrics.Add(time(before, b, after, c, floorNs));
        return new MethodComparison
        {
            Name = name,
            Verdict = Overall(metrics),
            Metrics = metrics,
            BaselineStatistics = b.Statistics,
            CurrentStatistics = c.Statistics,
        };
    }

    /// <summary>
    /// The rank test on the duration samples, with the relative threshold widened by the larger of the
    /// two sides' between-run spreads: a method whose run medians moved 12% between the baseline's own
    /// runs cannot be called changed at 5%.
    /// </summary>
    private static MetricComparison JudgeTime(MethodIndex before, MethodIndex.Entry b, MethodIndex after, MethodIndex.Entry c, double floorNs, ComparisonOptions options)
    {
        BetweenRunSpread? spreadBefore = BetweenRunSpread.Of(before.Runs, b.Index);
        BetweenRunSpread? spreadAfter = BetweenRunSpread.Of(after.Runs, c.Index);
        double spread = Math.Max(spreadBefore?.Spread ?? 0, spreadAfter?.Spread ?? 0);
        double relative = options.TimeThreshold + spread;
        string? widening = spread <= 0 ? null
            : $"band widened from {WallTimeComparer.Percent(options.TimeThreshold)} to {WallTimeComparer.Percent(relative)} by the between-run spread: "
              + string.Join("; ", new[] { spreadBefore?.Describe("the baseline"), spreadAfter?.Describe("the current side") }.OfType<string>());
        // Both sides calibrated: compare the times without the probes' cost, which differs between
        // machines and between builds that profile different callees.
        bool compensate = MethodIndex.ProbeCostPerCall(b.Statistics) is not null && MethodIndex.ProbeCostPerCall(c.Statistics) is not null;
        MetricComparison result = WallTimeComparer.Compare(
            MethodIndex.SortedSamples(b.Statistics, compensate),
            MethodIndex.SortedSamples(c.Statistics, compensate),
            WallTimeComparer.ThresholdOf(relative, floorNs),
            relative,
            floorNs,
            options,
            widening);
        return compensate && result.Reason is { } reason ? result with { Reason = reason + "; probe cost taken out (compensated durations)" } : result;
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
