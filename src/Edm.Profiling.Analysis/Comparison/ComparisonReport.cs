using System.Text.Json.Serialization;

namespace Edm.Profiling.Analysis;

/// <summary>The verdict on one metric of one method.</summary>
public sealed record MetricComparison
{
    /// <summary>The metric judged.</summary>
    public Metric Metric { get; init; }

    /// <summary>The verdict.</summary>
    public Verdict Verdict { get; init; }

    /// <summary>The baseline's figure (median ns per call for time, bytes per call, calls), if any.</summary>
    public double? Baseline { get; init; }

    /// <summary>The current run's figure, if any.</summary>
    public double? Current { get; init; }

    /// <summary>Current over baseline (ratio of medians for time); above 1 is slower or bigger.</summary>
    public double? Ratio { get; init; }

    /// <summary>Lower bound of the confidence interval of the ratio, when the test gives one.</summary>
    public double? RatioLower { get; init; }

    /// <summary>Upper bound of the confidence interval of the ratio, when the test gives one.</summary>
    public double? RatioUpper { get; init; }

    /// <summary>Why the verdict is what it is, in a sentence (thresholds, sample sizes, test used).</summary>
    public string? Reason { get; init; }
}

/// <summary>The verdicts for one method, matched by display name.</summary>
public sealed record MethodComparison
{
    /// <summary>The method's display name, the baseline key.</summary>
    public required string Name { get; init; }

    /// <summary>The method's overall verdict: Regressed if any metric regressed, else the most telling of the others.</summary>
    public Verdict Verdict { get; init; }

    /// <summary>One entry per metric judged.</summary>
    public IReadOnlyList<MetricComparison> Metrics { get; init; } = [];

    /// <summary>The baseline's figures, absent for a new method.</summary>
    public MethodStatistics? BaselineStatistics { get; init; }

    /// <summary>The current figures, absent for a missing method.</summary>
    public MethodStatistics? CurrentStatistics { get; init; }

    /// <summary>
    /// Information, not a verdict: the allocated types whose estimated bytes per call changed most, from
    /// the allocation samples of both sides; null unless both had them (format 1.1, optional).
    /// </summary>
    public IReadOnlyList<AllocatedTypeChange>? TypeChanges { get; init; }
}

/// <summary>Counts per verdict and the typical size of the changes.</summary>
public sealed record ComparisonSummary
{
    /// <summary>Methods per overall verdict.</summary>
    public IReadOnlyDictionary<Verdict, int> Counts { get; init; } = new Dictionary<Verdict, int>();

    /// <summary>Geometric mean of the time ratios of the regressed methods; null when none regressed.</summary>
    public double? GeometricMeanRegressedRatio { get; init; }

    /// <summary>Geometric mean of the time ratios of the improved methods; null when none improved.</summary>
    public double? GeometricMeanImprovedRatio { get; init; }

    /// <summary>True when at least one method regressed (what <c>--fail-on-regression</c> gates on).</summary>
    public bool HasRegression => Counts.TryGetValue(Verdict.Regressed, out int n) && n > 0;
}

/// <summary>The result of comparing a run with a baseline.</summary>
public sealed record ComparisonReport
{
    /// <summary>The version of the comparison format written (docs/reports.md); readers accept any 1.x.</summary>
    public const string CurrentSchemaVersion = "1.1";

    /// <summary>Format version of a written comparison: "major.minor".</summary>
    [JsonPropertyOrder(-1)]
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Name of the baseline.</summary>
    public required string BaselineName { get; init; }

    /// <summary>Name of the current run.</summary>
    public required string CurrentName { get; init; }

    /// <summary>Null when the runs are comparable; otherwise why not (and every verdict is Incomparable).</summary>
    public string? IncomparableReason { get; init; }

    /// <summary>
    /// Caveats every reader must see before the verdicts (format 1.1), e.g. that the sides were recorded
    /// on different machines, so time was not judged.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// For an interleaved A/B comparison (format 1.1): the number of run pairs the paired statistics
    /// used; absent for a comparison with a baseline.
    /// </summary>
    public int? Pairs { get; init; }

    /// <summary>Relative time threshold used, e.g. 0.05.</summary>
    public double TimeThreshold { get; init; }

    /// <summary>Relative allocation threshold used, e.g. 0.01.</summary>
    public double AllocationThreshold { get; init; }

    /// <summary>Per-method verdicts.</summary>
    public IReadOnlyList<MethodComparison> Methods { get; init; } = [];

    /// <summary>Counts and typical ratios.</summary>
    public required ComparisonSummary Summary { get; init; }

    /// <summary>The baseline session (for reporters that draw it, e.g. a differential flamegraph); not serialised.</summary>
    [JsonIgnore]
    public SessionReport? Baseline { get; init; }

    /// <summary>The current session; not serialised.</summary>
    [JsonIgnore]
    public SessionReport? Current { get; init; }
}
