namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// What a report shows: a session, a comparison (whose <see cref="ComparisonReport.Current"/> and
/// <see cref="ComparisonReport.Baseline"/> sessions, when set, feed the flamegraphs and exports), and
/// trends from a history. Each writer draws the parts its format can hold.
/// </summary>
public sealed record ReportContent
{
    /// <summary>The session to report; when null, writers that need one use the comparison's current session.</summary>
    public SessionReport? Session { get; init; }

    /// <summary>A comparison of a run with a baseline.</summary>
    public ComparisonReport? Comparison { get; init; }

    /// <summary>Metrics of methods across the runs of a history (drawn by the HTML report).</summary>
    public IReadOnlyList<MethodTrend> Trends { get; init; } = [];

    /// <summary>The session that session-shaped formats (tables, flamegraphs, exports) draw.</summary>
    public SessionReport? PrimarySession => Session ?? Comparison?.Current;

    /// <summary>The baseline session, for differential views.</summary>
    public SessionReport? BaselineSession => Comparison?.Baseline;

    /// <summary>Content with one session.</summary>
    public static ReportContent Of(SessionReport session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new ReportContent { Session = session };
    }

    /// <summary>Content with one comparison.</summary>
    public static ReportContent Of(ComparisonReport comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new ReportContent { Comparison = comparison };
    }

    /// <summary>The session a session-only format needs, or an exception naming the format.</summary>
    internal SessionReport RequireSession(ReportFormat format) =>
        PrimarySession ?? throw new ArgumentException(
            $"The {format.Name()} format needs a session; this report has neither a session nor a comparison with its current session.");
}
