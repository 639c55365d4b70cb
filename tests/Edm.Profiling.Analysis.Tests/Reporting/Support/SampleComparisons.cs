namespace Edm.Profiling.Analysis.Tests.Reporting.Support;

/// <summary>
/// Comparison results as the regression detector hands them to reporters (built here as records:
/// the reporters render verdicts, they do not compute them).
/// </summary>
internal static class SampleComparisons
{
    public static ComparisonReport Of(SessionReport baseline, SessionReport current)
    {
        MethodComparison Method(string name, Verdict verdict, double baseNs, double currentNs, string reason, double? lower = null, double? upper = null) => new()
        {
            Name = name,
            Verdict = verdict,
            BaselineStatistics = baseline.FindMethod(name),
            CurrentStatistics = current.FindMethod(name),
            Metrics =
            [
                new MetricComparison
                {
                    Metric = Metric.WallTime,
                    Verdict = verdict,
                    Baseline = baseNs,
                    Current = currentNs,
                    Ratio = currentNs / baseNs,
                    RatioLower = lower,
                    RatioUpper = upper,
                    Reason = reason,
                },
                new MetricComparison { Metric = Metric.Calls, Verdict = Verdict.Unchanged, Baseline = 2, Current = 2, Ratio = 1 },
            ],
        };

        return new ComparisonReport
        {
            BaselineName = baseline.Name,
            CurrentName = current.Name,
            TimeThreshold = 0.05,
            AllocationThreshold = 0.01,
            Methods =
            [
                Method("App.Main()", Verdict.Unchanged, 100_000, 101_000, "within 5%"),
                Method("App.Parse(String)", Verdict.Regressed, 20_000, 30_000, "Mann-Whitney p<0.001, ratio above 1.05", 1.4, 1.6),
                Method("App.Lex;Scan", Verdict.Improved, 5_000, 3_750, "Mann-Whitney p<0.001, ratio below 0.95", 0.7, 0.8),
                Method(SampleSessions.ScriptName, Verdict.Unknown, 1_000, 1_200, "only 3 samples | too few"),
                new MethodComparison
                {
                    Name = "App.Emit()",
                    Verdict = Verdict.New,
                    CurrentStatistics = current.FindMethod("App.Emit()"),
                    Metrics = [new MetricComparison { Metric = Metric.WallTime, Verdict = Verdict.New, Current = 30_000 }],
                },
            ],
            Summary = new ComparisonSummary
            {
                Counts = new Dictionary<Verdict, int> { [Verdict.Unchanged] = 1, [Verdict.Regressed] = 1, [Verdict.Improved] = 1, [Verdict.Unknown] = 1, [Verdict.New] = 1 },
                GeometricMeanRegressedRatio = 1.5,
                GeometricMeanImprovedRatio = 0.75,
            },
            Baseline = baseline,
            Current = current,
        };
    }

    /// <summary>The exact session as a baseline, and a current run where parse got slower and lex faster.</summary>
    public static ComparisonReport Exact()
    {
        SessionReport baseline = SampleSessions.Exact() with { Name = "baseline run" };
        SessionReport current = SampleSessions.Exact() with
        {
            Name = "current run",
            CallTree =
            [
                new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1, InclusiveNs = 120_000, SelfNs = 10_000 },
                new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 1, Calls = 2, InclusiveNs = 90_000, SelfNs = 80_000 },
                new CallTreeNode { Id = 2, ParentId = 1, ProbeId = 2, Calls = 4, InclusiveNs = 10_000, SelfNs = 10_000 },
                new CallTreeNode { Id = 5, ParentId = 0, ProbeId = 4, Calls = 1, InclusiveNs = 20_000, SelfNs = 20_000 },
            ],
        };
        return Of(baseline, current);
    }

    public static IReadOnlyList<MethodTrend> Trends() =>
    [
        new MethodTrend
        {
            Name = "App.Parse(String)",
            Metric = Metric.WallTime,
            Points = [.. Enumerable.Range(0, 8).Select(i => new TrendPoint
            {
                Commit = $"c0ffee{i}deadbeef",
                RecordedAt = new DateTimeOffset(2025, 1, 1 + i, 0, 0, 0, TimeSpan.Zero),
                Value = i < 5 ? 20_000 : 30_000,
            })],
            ChangePoints = [5],
        },
        new MethodTrend
        {
            Name = SampleSessions.ScriptName,
            Metric = Metric.AllocatedBytesPerCall,
            Points = [new TrendPoint { Commit = "a", Value = 1024 }, new TrendPoint { Commit = "b", Value = 1024 }],
        },
    ];
}
