using System.Text.Json.Serialization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// The data the HTML page's script draws, embedded in the page as JSON: a lean view of the session,
/// the baseline's call tree, the comparison and trends (no histograms or samples).
/// </summary>
internal sealed record HtmlReportModel
{
    public required string Title { get; init; }

    public HtmlSession? Session { get; init; }

    public IReadOnlyList<HtmlMethod> Methods { get; init; } = [];

    /// <summary>Probes whose counts miss calls the build could not intercept, with the why.</summary>
    public IReadOnlyList<HtmlUnprobed> Unprobed { get; init; } = [];

    public HtmlTree? Tree { get; init; }

    public HtmlTree? BaselineTree { get; init; }

    /// <summary>The call tree with the sampled frames below it (nodes flagged sampled), when the session has CPU samples.</summary>
    public HtmlTree? SampledTree { get; init; }

    /// <summary>
    /// The call tree with the allocation subtrees below it, weighted by estimated bytes (nodes as in
    /// <see cref="HtmlTree"/>: calls, inclusive bytes, self bytes), when the session has allocation samples.
    /// </summary>
    public HtmlTree? AllocationTree { get; init; }

    /// <summary>The session's sampled allocations by type and by site, when it has them.</summary>
    public HtmlAllocations? Allocations { get; init; }

    public HtmlComparison? Comparison { get; init; }

    /// <summary>The memory chart and scope heap changes (<see cref="HtmlMemory"/>), when the session has them.</summary>
    public HtmlMemory? Memory { get; init; }

    public IReadOnlyList<MethodTrend> Trends { get; init; } = [];
}

internal sealed record HtmlSession(
    string Name,
    DateTimeOffset StartedAt,
    long DurationNs,
    string Os,
    string Runtime,
    string Cpu,
    int Cores,
    string Configuration,
    string? Commit,
    string? Branch,
    bool Timeline,
    long DroppedTimelineEvents,
    IReadOnlyList<string> Warnings,
    string? Overhead = null,
    IReadOnlyList<string>? CostlyMethods = null);

internal sealed record HtmlMethod(
    string Name,
    long Calls,
    long FaultedCalls,
    long SelfNs,
    long InclusiveNs,
    long MeanNs,
    long P50Ns,
    long P90Ns,
    long P99Ns,
    long MaxNs,
    long? AllocatedBytes,
    double? OffCpuShare,
    int UnprobedSites = 0,
    string? Unprobed = null,
    long? CompensatedSelfNs = null,
    string? Sampled = null);

/// <summary>Sampled allocations: where they come from, the totals, and the rows of the by-type and by-site tables.</summary>
internal sealed record HtmlAllocations(string Source, long EstimatedBytes, long EstimatedObjects, long Events, IReadOnlyList<AllocatedType> Types, IReadOnlyList<HtmlAllocationSite> Sites);

/// <summary>One allocation site: the method, <c>file:line</c> when known, its top type and estimates.</summary>
internal sealed record HtmlAllocationSite(string Method, string? Where, string? TopType, long EstimatedBytes, long EstimatedObjects);

/// <summary>A probe whose counts miss calls: <c>+2 sites not probed (method group)</c> and why.</summary>
internal sealed record HtmlUnprobed(string Name, int Sites, string Note, string Why, bool Called);

/// <summary>
/// A call tree: names once, nodes as <c>[id, parentId or -1, name index, calls, inclusiveNs, selfNs]</c>, and a
/// seventh element 1 for a sampled frame (then <c>calls</c> is its samples and the times are estimates).
/// </summary>
internal sealed record HtmlTree(string Label, IReadOnlyList<string> Names, IReadOnlyList<long[]> Nodes);

internal sealed record HtmlComparison(
    string BaselineName,
    string CurrentName,
    string? IncomparableReason,
    IReadOnlyList<string> Warnings,
    int? Pairs,
    double TimeThreshold,
    double AllocationThreshold,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<HtmlMethodComparison> Methods);

/// <summary>A compared method; <paramref name="TypeChanges"/> (information, no verdict) when both sides had allocation samples and its types changed.</summary>
internal sealed record HtmlMethodComparison(string Name, Verdict Verdict, IReadOnlyList<MetricComparison> Metrics, IReadOnlyList<HtmlTypeChange>? TypeChanges);

/// <summary>An allocated type's estimated bytes per call in the baseline and the current run (<see cref="AllocatedTypeChange"/>), its name shortened.</summary>
internal sealed record HtmlTypeChange(string Type, double BaselineBytesPerCall, double CurrentBytesPerCall);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(HtmlReportModel))]
internal sealed partial class HtmlReportJsonContext : JsonSerializerContext
{
}
