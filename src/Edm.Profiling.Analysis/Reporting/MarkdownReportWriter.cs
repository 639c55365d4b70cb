using System.Text;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// GitHub-flavoured Markdown. For a comparison, a summary fit for a pull-request comment: the counts
/// per verdict, tables of the regressed and improved methods, and every method in a collapsed
/// <c>&lt;details&gt;</c> block. For a session alone, its hottest methods.
/// </summary>
/// <remarks>Names are escaped so that no method name can break a table or inject HTML into the comment.</remarks>
public sealed class MarkdownReportWriter : IReportWriter
{
    private readonly ReportOptions _options;

    /// <summary>Creates a writer.</summary>
    public MarkdownReportWriter(ReportOptions? options = null) => _options = options ?? new ReportOptions();

    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Markdown;

    /// <inheritdoc />
    public void Write(ReportContent content, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        if (content.Comparison is { } comparison)
        {
            WriteComparison(comparison, output);
        }
        else if (content.Session is { } session)
        {
            WriteSession(session, output);
        }
        else
        {
            throw new ArgumentException("The md format needs a session or a comparison; this report has neither.");
        }
    }

    /// <summary>
    /// Text made safe for a Markdown table cell: HTML-sensitive characters as entities, Markdown
    /// punctuation backslash-escaped, line breaks as spaces, other control characters dropped.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '\r' or '\n' or '\t': escaped.Append(' '); break;
                case var control when char.IsControl(control): break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '!':
                    escaped.Append('\\').Append(c);
                    break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    private static void WriteComparison(ComparisonReport comparison, TextWriter output)
    {
        List<(Verdict Verdict, int Count)> counts = [.. ReportTables.Counts(comparison)];
        bool regressed = counts.Any(c => c.Verdict == Verdict.Regressed);
        output.WriteLine(comparison.Pairs is { } pairs
            ? $"### {(regressed ? "🔴" : "🟢")} Edm.Profiling: {Escape(comparison.CurrentName)} against {Escape(comparison.BaselineName)}, paired over {pairs} interleaved runs"
            : $"### {(regressed ? "🔴" : "🟢")} Edm.Profiling: {Escape(comparison.CurrentName)} against baseline {Escape(comparison.BaselineName)}");
        output.WriteLine();
        output.WriteLine(counts.Count == 0
            ? "No methods compared."
            : string.Join(" · ", counts.Select(c => c.Verdict == Verdict.Regressed ? $"**{c.Count} regressed**" : $"{c.Count} {c.Verdict.ToString().ToLowerInvariant()}")));
        output.WriteLine();
        output.WriteLine($"Thresholds: time {ReportTables.Percent(comparison.TimeThreshold)}, allocations {ReportTables.Percent(comparison.AllocationThreshold)}.");
        // The ratio is of the metric that decided each verdict (time, bytes or calls), so it is a change, not a speed.
        if (comparison.Summary.GeometricMeanRegressedRatio is { } regressedRatio)
        {
            output.WriteLine($"Regressed methods changed by {ReportTables.SignedChange(regressedRatio)} on average (geometric mean of the deciding metric).");
        }

        if (comparison.Summary.GeometricMeanImprovedRatio is { } improvedRatio)
        {
            output.WriteLine($"Improved methods changed by {ReportTables.SignedChange(improvedRatio)} on average (geometric mean of the deciding metric).");
        }

        if (comparison.IncomparableReason is { } reason)
        {
            output.WriteLine();
            output.WriteLine($"> **Not comparable:** {Escape(reason)}");
        }

        foreach (string warning in comparison.Warnings)
        {
            output.WriteLine();
            output.WriteLine($"> ⚠️ **Warning:** {Escape(warning)}");
        }

        IReadOnlyList<ComparisonRow> rows = ReportTables.ComparisonRows(comparison);
        WriteVerdictTable(output, "Regressed", rows.Where(r => r.Verdict == Verdict.Regressed).ToList());
        WriteVerdictTable(output, "Improved", rows.Where(r => r.Verdict == Verdict.Improved).ToList());

        if (rows.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"<details><summary>All {rows.Count} methods</summary>");
            output.WriteLine();
            WriteTable(output, rows, withReason: false);
            output.WriteLine();
            output.WriteLine("</details>");
        }

        IReadOnlyList<string> changes = AllocationHotspots.ChangeLines(comparison);
        if (changes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(Escape(char.ToUpperInvariant(AllocationHotspots.ChangesHeadline[0]) + AllocationHotspots.ChangesHeadline[1..]));
            output.WriteLine();
            foreach (string line in changes)
            {
                output.WriteLine("- " + Escape(line));
            }
        }
    }

    private static void WriteVerdictTable(TextWriter output, string title, List<ComparisonRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"#### {title} ({rows.Count})");
        output.WriteLine();
        WriteTable(output, rows, withReason: true);
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<ComparisonRow> rows, bool withReason)
    {
        output.WriteLine(withReason
            ? "| method | time/call | change | alloc/call | calls | why |"
            : "| verdict | method | time/call | change | alloc/call | calls |");
        output.WriteLine(withReason ? "|---|--:|--:|--:|--:|---|" : "|---|---|--:|--:|--:|--:|");
        foreach (ComparisonRow row in rows)
        {
            string cells = $"{Escape(row.Name)} | {Escape(row.Time)} | {Escape(row.TimeChange)} | {Escape(row.Allocations)} | {Escape(row.Calls)}";
            output.WriteLine(withReason
                ? $"| {cells} | {Escape(row.Reason)} |"
                : $"| {row.Verdict} | {cells} |");
        }
    }

    private void WriteSession(SessionReport session, TextWriter output)
    {
        output.WriteLine($"### Edm.Profiling session {Escape(session.Name)}");
        output.WriteLine();
        output.WriteLine($"{SessionSummary.Duration(session.DurationNs)} · {session.Methods.Count} profiled methods called"
            + (session.Environment.Commit is { Length: > 0 } commit ? $" · commit {Escape(commit)}" : ""));
        output.WriteLine();
        if (ProbeOverheadNotes.Summary(session) is { } overhead)
        {
            output.WriteLine(Escape(char.ToUpperInvariant(overhead[0]) + overhead[1..]) + ".");
            output.WriteLine();
        }

        string[] headers = ReportTables.MethodHeadersOf(session);
        output.WriteLine("| " + string.Join(" | ", headers) + " |");
        output.WriteLine("|---|" + string.Concat(Enumerable.Repeat("--:|", headers.Length - 1)));
        IReadOnlyList<string[]> rows = ReportTables.MethodRows(session, _options.MaxMethods, out int hidden);
        foreach (string[] row in rows)
        {
            output.WriteLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }

        if (hidden > 0)
        {
            output.WriteLine();
            output.WriteLine($"… and {hidden} more methods.");
        }

        IReadOnlyList<UnprobedSites.Note> notes = UnprobedSites.Of(session);
        if (notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(Escape(char.ToUpperInvariant(ReportTables.UnprobedHeading[0]) + ReportTables.UnprobedHeading[1..]) + ":");
            output.WriteLine();
            foreach (UnprobedSites.Note note in notes)
            {
                output.WriteLine("- " + Escape(ReportTables.UnprobedLine(note)));
            }
        }

        IReadOnlyList<string> costly = ProbeOverheadNotes.CostlyMethods(session);
        if (costly.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(Escape(char.ToUpperInvariant(ProbeOverheadNotes.CostlyHeading[0]) + ProbeOverheadNotes.CostlyHeading[1..]) + ":");
            output.WriteLine();
            foreach (string line in costly)
            {
                output.WriteLine("- " + Escape(line));
            }
        }

        foreach (string warning in session.Warnings)
        {
            output.WriteLine();
            output.WriteLine($"> **Warning:** {Escape(warning)}");
        }
    }
}
