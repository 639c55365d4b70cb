using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// The rows and cells that the text formats (console, plain text, Markdown) share, formatted once so
/// they agree: the method table, the pruned call tree, and the comparison table.
/// </summary>
internal static class ReportTables
{
    internal static readonly string[] MethodHeaders =
        ["method", "calls", "self", "self %", "inclusive", "mean", "p50", "p99", "allocated", "off-CPU"];

    internal static readonly string[] ComparisonHeaders =
        ["verdict", "method", "time/call", "change", "alloc/call", "calls", "why"];

    /// <summary>The method table's headers: with a "self w/o probes" column when the session was calibrated.</summary>
    internal static string[] MethodHeadersOf(SessionReport session) =>
        Compensated(session) ? [.. MethodHeaders[..3], "self w/o probes", .. MethodHeaders[3..]] : MethodHeaders;

    private static bool Compensated(SessionReport session) => session.Methods.Any(m => m.CompensatedSelfNs is not null);

    /// <summary>The methods by self time, heaviest first, at most <paramref name="max"/>.</summary>
    internal static IReadOnlyList<string[]> MethodRows(SessionReport session, int max, out int hidden)
    {
        var tree = new CallTreeIndex(session);
        long total = Math.Max(1, tree.TotalNs);
        List<MethodStatistics> ordered = [.. session.Methods.OrderByDescending(m => m.SelfNs).ThenBy(m => tree.NameOf(m.ProbeId), StringComparer.Ordinal)];
        Dictionary<int, int> unprobed = session.Probes.Where(p => p.UnprobedCallSites is { Count: > 0 }).ToDictionary(p => p.Id, p => p.UnprobedSiteTotal());
        hidden = Math.Max(0, ordered.Count - max);
        bool compensated = Compensated(session);
        return [.. ordered.Take(max).Select(m => WithCompensated(compensated, m, new[]
        {
            Printable(tree.NameOf(m.ProbeId)),
            m.Calls.ToString("N0", CultureInfo.InvariantCulture) + (unprobed.TryGetValue(m.ProbeId, out int sites) ? UnprobedMark(sites) : ""),
            SessionSummary.Duration(m.SelfNs) + ProbeOverheadNotes.SampledMark(m),
            Percent((double)m.SelfNs / total),
            SessionSummary.Duration(m.InclusiveNs),
            SessionSummary.Duration(m.MeanNs),
            SessionSummary.Duration(m.P50Ns),
            SessionSummary.Duration(m.P99Ns),
            m.Allocations is { } a ? SessionSummary.Bytes(a.AllocatedBytes) + (a.Approximate ? " ~" : "") : "-",
            m.Cpu is { } cpu ? Percent(cpu.OffCpuShare) : "-",
        }))];
    }

    /// <summary>The row with its "self w/o probes" cell after "self", when the table has that column.</summary>
    private static string[] WithCompensated(bool compensated, MethodStatistics m, string[] row) =>
        compensated ? [.. row[..3], m.CompensatedSelfNs is { } c ? SessionSummary.Duration(c) : "-", .. row[3..]] : row;

    /// <summary>Beside a count that misses calls: <c> (+2 not probed)</c>; the note under the table says why.</summary>
    internal static string UnprobedMark(int sites) => string.Create(CultureInfo.InvariantCulture, $" (+{sites:N0} not probed)");

    /// <summary>The heading of the note under the method table.</summary>
    internal const string UnprobedHeading = "not probed: uses of these methods the build could not intercept; calls through them are not in the counts";

    /// <summary>The note's line for one probe.</summary>
    internal static string UnprobedLine(UnprobedSites.Note note) =>
        $"{note.Name}: {note.Short}{(note.Called ? "" : ", no probed call")}. {note.Why}";

    /// <summary>The call tree cut to what a terminal can show: nodes above a share of the total, to a depth.</summary>
    internal static IReadOnlyList<TreeLine> PrunedTree(SessionReport session, ReportOptions options)
    {
        var tree = new CallTreeIndex(session);
        long total = Math.Max(1, tree.TotalNs);
        var lines = new List<TreeLine>();
        var pending = new Stack<(CallTreeNode? Node, int Depth, int HiddenCount, long HiddenNs)>();
        void PushLevel(IReadOnlyList<CallTreeNode> nodes, int depth)
        {
            var shown = nodes.Where(n => (double)n.InclusiveNs / total >= options.TreeMinShare).ToList();
            if (depth >= options.TreeMaxDepth)
            {
                shown.Clear();
            }

            var shownIds = new HashSet<int>(shown.Select(n => n.Id));
            List<CallTreeNode> rest = [.. nodes.Where(n => !shownIds.Contains(n.Id))];
            if (rest.Count > 0)
            {
                pending.Push((null, depth, rest.Count, rest.Sum(n => n.InclusiveNs)));
            }

            for (int i = shown.Count - 1; i >= 0; i--)
            {
                pending.Push((shown[i], depth, 0, 0));
            }
        }

        PushLevel(tree.Roots, 0);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            (CallTreeNode? node, int depth, int hiddenCount, long hiddenNs) = pending.Pop();
            if (node is null)
            {
                lines.Add(new TreeLine(depth, $"… {hiddenCount} more", SessionSummary.Duration(hiddenNs), (double)hiddenNs / total, "", IsSummary: true));
                continue;
            }

            if (!seen.Add(node.Id))
            {
                continue;
            }

            string detail = string.Create(CultureInfo.InvariantCulture, $"self {SessionSummary.Duration(node.SelfNs)}, {node.Calls:N0} call{(node.Calls == 1 ? "" : "s")}");
            if (node.CompensatedSelfNs is { } compensated)
            {
                detail += $", w/o probes: self {SessionSummary.Duration(compensated)}";
            }

            if (node.TimedCalls is { } timed)
            {
                // A method's calls are exact; its nodes' split of them is an estimate when it has several.
                string what = tree.NodeCountOf(node.ProbeId) > 1 ? "calls and times" : "times";
                detail += string.Create(CultureInfo.InvariantCulture, $", {what} estimated from {timed:N0} timed calls");
            }
            if (node.AllocatedBytes is { } bytes)
            {
                detail += $", {SessionSummary.Bytes(bytes)}";
            }

            lines.Add(new TreeLine(depth, Printable(tree.NameOf(node.ProbeId)), SessionSummary.Duration(node.InclusiveNs), (double)node.InclusiveNs / total, detail, IsSummary: false));
            PushLevel(tree.ChildrenOf(node), depth + 1);
        }

        return lines;
    }

    /// <summary>The methods of a comparison, most telling first: regressions, improvements, new, missing, unknown, unchanged.</summary>
    internal static IReadOnlyList<ComparisonRow> ComparisonRows(ComparisonReport comparison) =>
        [.. comparison.Methods
            .OrderBy(m => VerdictRank(m.Verdict))
            .ThenByDescending(m => Math.Abs(Math.Log(Find(m, Metric.WallTime)?.Ratio is > 0 and var r ? r : 1.0)))
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new ComparisonRow(
                m.Verdict,
                Printable(m.Name),
                Change(Find(m, Metric.WallTime)),
                ChangeWithInterval(Find(m, Metric.WallTime)),
                Change(Find(m, Metric.AllocatedBytesPerCall)),
                Change(Find(m, Metric.Calls)),
                Printable(Deciding(m)?.Reason ?? "")))];

    /// <summary>Counts per verdict in display order, leaving out zeros.</summary>
    internal static IEnumerable<(Verdict Verdict, int Count)> Counts(ComparisonReport comparison)
    {
        IReadOnlyDictionary<Verdict, int> counts = comparison.Summary.Counts.Count > 0
            ? comparison.Summary.Counts
            : comparison.Methods.GroupBy(m => m.Verdict).ToDictionary(g => g.Key, g => g.Count());
        foreach (Verdict verdict in Enum.GetValues<Verdict>().OrderBy(VerdictRank))
        {
            int count = counts.TryGetValue(verdict, out int n) ? n : 0;
            if (count > 0)
            {
                yield return (verdict, count);
            }
        }
    }

    internal static int VerdictRank(Verdict verdict) => verdict switch
    {
        Verdict.Regressed => 0,
        Verdict.Improved => 1,
        Verdict.New => 2,
        Verdict.Missing => 3,
        Verdict.Unknown => 4,
        Verdict.Incomparable => 5,
        _ => 6,
    };

    /// <summary>
    /// Text with control characters shown as escapes (<c>\n</c>, <c>\u001B</c>): a name can neither
    /// break a line of a table nor send escape sequences to a terminal.
    /// </summary>
    internal static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var printable = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            _ = c switch
            {
                '\n' => printable.Append("\\n"),
                '\r' => printable.Append("\\r"),
                '\t' => printable.Append("\\t"),
                _ when char.IsControl(c) => printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => printable.Append(c),
            };
        }

        return printable.ToString();
    }

    internal static string Percent(double share) =>
        double.IsFinite(share) ? (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>A ratio as a signed change: 1.234 is <c>+23.4%</c>.</summary>
    internal static string SignedChange(double ratio) =>
        (ratio >= 1 ? "+" : "") + ((ratio - 1) * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A figure of a metric in its unit.</summary>
    internal static string Figure(Metric metric, double? value) => value switch
    {
        null => "-",
        double v when !double.IsFinite(v) => "-",
        double v => metric switch
        {
            Metric.WallTime => SessionSummary.Duration((long)Math.Round(v)),
            Metric.AllocatedBytesPerCall => SessionSummary.Bytes((long)Math.Round(v)),
            _ => v.ToString("N0", CultureInfo.InvariantCulture),
        },
    };

    /// <summary><c>baseline → current</c>, or the one figure there is.</summary>
    internal static string Change(MetricComparison? metric) => metric switch
    {
        null => "-",
        { Baseline: null } => Figure(metric.Metric, metric.Current),
        { Current: null } => Figure(metric.Metric, metric.Baseline),
        _ => $"{Figure(metric.Metric, metric.Baseline)} → {Figure(metric.Metric, metric.Current)}",
    };

    /// <summary>The change as a percentage, with its confidence interval when the test gave one.</summary>
    internal static string ChangeWithInterval(MetricComparison? metric)
    {
        if (metric?.Ratio is not { } ratio || !double.IsFinite(ratio))
        {
            return "-";
        }

        string text = SignedChange(ratio);
        if (metric.RatioLower is { } lower && metric.RatioUpper is { } upper && double.IsFinite(lower) && double.IsFinite(upper))
        {
            text += $" [{SignedChange(lower)}, {SignedChange(upper)}]";
        }

        return text;
    }

    internal static MetricComparison? Find(MethodComparison method, Metric metric) =>
        method.Metrics.FirstOrDefault(m => m.Metric == metric);

    /// <summary>The metric that gave the method its verdict: the first with the same verdict, time first.</summary>
    internal static MetricComparison? Deciding(MethodComparison method) =>
        method.Metrics.OrderByDescending(m => m.Metric == Metric.WallTime).FirstOrDefault(m => m.Verdict == method.Verdict)
        ?? (method.Metrics.Count > 0 ? method.Metrics[0] : null);
}

/// <summary>One line of the pruned call tree.</summary>
/// <param name="Depth">Level below the roots (0 for a root).</param>
/// <param name="Name">Method name, or <c>… N more</c> for the nodes left out at that level.</param>
/// <param name="Inclusive">Inclusive time, formatted.</param>
/// <param name="Share">Inclusive time over the total, 0..1.</param>
/// <param name="Detail">Self time, calls and bytes, formatted.</param>
/// <param name="IsSummary">True for the line that stands for left-out nodes.</param>
internal sealed record TreeLine(int Depth, string Name, string Inclusive, double Share, string Detail, bool IsSummary);

/// <summary>One method of a comparison, formatted.</summary>
internal sealed record ComparisonRow(Verdict Verdict, string Name, string Time, string TimeChange, string Allocations, string Calls, string Reason);
