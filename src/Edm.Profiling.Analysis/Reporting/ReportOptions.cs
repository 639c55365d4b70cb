namespace Edm.Profiling.Analysis.Reporting;

/// <summary>How much of a report to show; every writer reads the options that concern it.</summary>
public sealed record ReportOptions
{
    /// <summary>Most methods in the console and Markdown tables (by self time); the HTML table lists all.</summary>
    public int MaxMethods { get; init; } = 30;

    /// <summary>Call-tree nodes below this share of the total time are left out of the console tree (0.005 = 0.5%).</summary>
    public double TreeMinShare { get; init; } = 0.005;

    /// <summary>Most levels of the console call tree (1 shows the roots only); deeper nodes are summed into one line.</summary>
    public int TreeMaxDepth { get; init; } = 12;

    /// <summary>What each folded-stack line counts.</summary>
    public FoldedValue FoldedValue { get; init; } = FoldedValue.SelfNanoseconds;

    /// <summary>Title of the HTML page; defaults to the session or comparison names.</summary>
    public string? Title { get; init; }
}
