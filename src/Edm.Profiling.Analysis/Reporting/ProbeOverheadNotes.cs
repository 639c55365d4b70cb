using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// What every report says about the probes' own cost: the session's estimate ("probes cost ≈ 3.1% of
/// this run"), and the methods whose probe is a large share of their measured time, with what to do.
/// Shared by the console, Markdown and HTML reports so they agree.
/// </summary>
internal static class ProbeOverheadNotes
{
    /// <summary>A method is flagged when its own probe is at least this share of its measured inclusive time.</summary>
    internal const double FlagShare = 0.25;

    /// <summary>"probes cost ≈ 3.1% of this run (≈ 12.3 ms)", or null when the session was not calibrated.</summary>
    internal static string? Summary(SessionReport session)
    {
        if (session.Overhead is not { } overhead || session.Settings.ProbeCost is not { } cost)
        {
            return null;
        }

        // With a measurement at the stop, compensation took the larger of the two Lightweight totals (docs/session-format.md).
        double lightweight = Math.Max(cost.Lightweight.TotalNs, cost.AtStop?.Lightweight.TotalNs ?? 0);
        string when = cost.AtStop is null ? "measured at the start" : "measured at the start and again at the stop";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"probes cost ≈ {ReportTables.Percent(overhead.Share)} of this run (≈ {SessionSummary.Duration(overhead.EstimatedNs)}; a Lightweight call ≈ {lightweight:0.#} ns, Detailed ≈ {cost.Detailed.TotalNs:0.#} ns, {when}); \"w/o probes\" columns take it out");
    }

    /// <summary>One line per method whose probe costs at least <see cref="FlagShare"/> of its time, costliest first.</summary>
    internal static IReadOnlyList<string> CostlyMethods(SessionReport session, int max = 10)
    {
        var tree = new CallTreeIndex(session);
        return [.. session.Methods
            .Where(m => m.ProbeOverheadNs is > 0 && m.InclusiveNs > 0 && Share(m) >= FlagShare)
            .OrderByDescending(m => m.ProbeOverheadNs)
            .Take(max)
            .Select(m => string.Create(
                CultureInfo.InvariantCulture,
                $"{ReportTables.Printable(tree.NameOf(m.ProbeId))}: its probe is ≈ {ReportTables.Percent(Share(m))} of its time ({SessionSummary.Duration(m.ProbeOverheadNs!.Value / Math.Max(1, m.Calls))} of {SessionSummary.Duration(m.InclusiveNs / Math.Max(1, m.Calls))} a call); {Advice(m)}"))];
    }

    /// <summary>The heading of the flagged methods.</summary>
    internal const string CostlyHeading = "probe overhead: methods whose probe is a large share of their time";

    /// <summary>Beside a time that adaptive timing estimated from some calls: the calls timed.</summary>
    internal static string SampledMark(MethodStatistics method) =>
        method.Sampling is { } s
            ? string.Create(CultureInfo.InvariantCulture, $" (~ est. from {s.TimedCalls:N0} timed, ±{SessionSummary.Duration(s.TotalStandardErrorNs)})")
            : "";

    private static double Share(MethodStatistics m) => (double)m.ProbeOverheadNs!.Value / (m.InclusiveNs + m.ProbeOverheadNs.Value);

    private static string Advice(MethodStatistics m) => m.Sampling is not null
        ? "adaptive timing already times it one call in N; mark it [NoProfile] if its count is not needed"
        : "mark it [NoProfile], or leave it to adaptive timing (on by default for short, hot leaf methods)";
}
