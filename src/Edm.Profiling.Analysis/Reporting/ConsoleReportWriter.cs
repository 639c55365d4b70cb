using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// The report for a terminal: the methods by self time (with the uses each count misses, when the build
/// could not intercept some), the call tree, the sampled CPU hotspots and allocations when the session
/// has them, the collections and heap when the <c>gc</c> backend ran and Detailed scopes' heap changes,
/// and a comparison's verdicts.
/// <see cref="Render"/> draws Spectre.Console tables, a tree and verdict colours; <see cref="Write"/>
/// writes the same as plain aligned text, for redirected output and files.
/// </summary>
public sealed class ConsoleReportWriter : IReportWriter
{
    private readonly ReportOptions _options;

    /// <summary>Creates a writer.</summary>
    public ConsoleReportWriter(ReportOptions? options = null) => _options = options ?? new ReportOptions();

    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Console;

    /// <summary>
    /// Writes to the process's standard output: rich when it is a terminal, plain text when it is
    /// redirected (a file, a pipe, a CI log).
    /// </summary>
    public void WriteToConsole(ReportContent content)
    {
        if (System.Console.IsOutputRedirected)
        {
            Write(content, System.Console.Out);
        }
        else
        {
            Render(content, AnsiConsole.Console);
        }
    }

    /// <summary>Writes plain aligned text: no colour, no escape sequence, no box drawing.</summary>
    public void Write(ReportContent content, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        bool any = false;
        if (content.Comparison is { } comparison)
        {
            WritePlain(comparison, output);
            any = true;
        }

        if (content.Session is { } session)
        {
            if (any)
            {
                output.WriteLine();
            }

            WritePlain(session, output);
            any = true;
        }

        if (!any)
        {
            throw new ArgumentException("The console format needs a session or a comparison; this report has neither.");
        }
    }

    /// <summary>Draws the report on a Spectre.Console console (tables, tree, colours as the console supports them).</summary>
    public void Render(ReportContent content, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(console);
        bool any = false;
        if (content.Comparison is { } comparison)
        {
            RenderComparison(comparison, console);
            any = true;
        }

        if (content.Session is { } session)
        {
            RenderSession(session, console);
            any = true;
        }

        if (!any)
        {
            throw new ArgumentException("The console format needs a session or a comparison; this report has neither.");
        }
    }

    /// <summary>The Spectre.Console colour of a verdict.</summary>
    public static Color ColorOf(Verdict verdict) => verdict switch
    {
        Verdict.Regressed => Color.Red,
        Verdict.Improved => Color.Green,
        Verdict.New => Color.Aqua,
        Verdict.Missing => Color.Fuchsia,
        Verdict.Unknown => Color.Yellow,
        Verdict.Incomparable => Color.Yellow,
        _ => Color.Grey,
    };

    // ---- plain text ---------------------------------------------------------------------

    private void WritePlain(SessionReport session, TextWriter output)
    {
        output.WriteLine(Headline(session));
        output.WriteLine();
        IReadOnlyList<string[]> rows = ReportTables.MethodRows(session, _options.MaxMethods, out int hidden);
        TextTable.Write(output, ReportTables.MethodHeadersOf(session), rows);
        if (hidden > 0)
        {
            output.WriteLine($"… {hidden} more methods");
        }

        IReadOnlyList<UnprobedSites.Note> notes = UnprobedSites.Of(session);
        if (notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(ReportTables.UnprobedHeading);
            foreach (UnprobedSites.Note note in notes)
            {
                output.WriteLine("  " + ReportTables.UnprobedLine(note));
            }
        }

        IReadOnlyList<string> costly = ProbeOverheadNotes.CostlyMethods(session);
        if (costly.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(ProbeOverheadNotes.CostlyHeading);
            foreach (string line in costly)
            {
                output.WriteLine("  " + line);
            }
        }

        output.WriteLine();
        output.WriteLine("call tree (inclusive time, share of the total)");
        foreach (TreeLine line in ReportTables.PrunedTree(session, _options))
        {
            string indent = new(' ', 2 * (line.Depth + 1));
            output.WriteLine(line.IsSummary
                ? $"{indent}{line.Name} ({line.Inclusive}, {ReportTables.Percent(line.Share)})"
                : $"{indent}{line.Name}  {line.Inclusive} ({ReportTables.Percent(line.Share)}), {line.Detail}");
        }

        if (session.CpuSamples is { } samples)
        {
            output.WriteLine();
            output.WriteLine(SampledHotspots.Headline(samples));
            foreach (SampledHotspots.Hotspot hotspot in SampledHotspots.Of(session))
            {
                output.WriteLine("  " + SampledHotspots.Line(hotspot));
            }
        }

        if (session.AllocationSamples is { } allocations)
        {
            output.WriteLine();
            output.WriteLine(AllocationHotspots.Headline(allocations));
            foreach (string line in AllocationHotspots.Lines(session))
            {
                output.WriteLine("  " + ReportTables.Printable(line));
            }
        }

        IReadOnlyList<string> memory = GcSummary.Lines(session);
        if (memory.Count > 0)
        {
            output.WriteLine();
            foreach (string line in memory)
            {
                output.WriteLine(line);
            }
        }

        foreach (string warning in session.Warnings)
        {
            output.WriteLine($"warning: {ReportTables.Printable(warning)}");
        }
    }

    private void WritePlain(ComparisonReport comparison, TextWriter output)
    {
        output.WriteLine(ComparisonHeadline(comparison));
        output.WriteLine(string.Join(", ", ReportTables.Counts(comparison).Select(c => $"{c.Count} {c.Verdict.ToString().ToLowerInvariant()}")));
        if (comparison.IncomparableReason is { } reason)
        {
            output.WriteLine($"not comparable: {ReportTables.Printable(reason)}");
        }

        foreach (string warning in comparison.Warnings)
        {
            output.WriteLine($"WARNING: {ReportTables.Printable(warning)}");
        }

        output.WriteLine();
        IReadOnlyList<ComparisonRow> rows = Shown(comparison, out int hidden);
        TextTable.Write(
            output,
            ReportTables.ComparisonHeaders[..^1],
            rows.Select(r => (IReadOnlyList<string>)[r.Verdict.ToString().ToUpperInvariant(), r.Name, r.Time, r.TimeChange, r.Allocations, r.Calls]),
            firstWidth: 12,
            leftAligned: 2);
        if (hidden > 0)
        {
            output.WriteLine($"… {hidden} more unchanged methods");
        }

        IEnumerable<ComparisonRow> explained = rows.Where(r => r.Verdict is not Verdict.Unchanged && r.Reason.Length > 0);
        if (explained.Any())
        {
            output.WriteLine();
            foreach (ComparisonRow row in explained)
            {
                output.WriteLine($"{row.Verdict.ToString().ToUpperInvariant()} {row.Name}: {row.Reason}");
            }
        }

        IReadOnlyList<string> changes = AllocationHotspots.ChangeLines(comparison);
        if (changes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(AllocationHotspots.ChangesHeadline);
            foreach (string line in changes)
            {
                output.WriteLine("  " + ReportTables.Printable(line));
            }
        }
    }

    // ---- Spectre.Console ----------------------------------------------------------------

    private void RenderSession(SessionReport session, IAnsiConsole console)
    {
        console.Write(new Rule(Markup.Escape(Headline(session))).LeftJustified());
        var table = new Table().Border(TableBorder.Rounded);
        string[] headers = ReportTables.MethodHeadersOf(session);
        for (int i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn(new Text(headers[i], new Style(decoration: Decoration.Bold)));
            table.AddColumn(i == 0 ? column.LeftAligned() : column.RightAligned().NoWrap());
        }

        IReadOnlyList<string[]> rows = ReportTables.MethodRows(session, _options.MaxMethods, out int hidden);
        foreach (string[] row in rows)
        {
            table.AddRow(row.Select((cell, i) => (IRenderable)new Text(cell, i == 0 ? new Style(Color.Default) : Style.Plain)));
        }

        if (hidden > 0)
        {
            table.Caption(new TableTitle($"… {hidden} more methods"));
        }

        console.Write(table);
        IReadOnlyList<UnprobedSites.Note> notes = UnprobedSites.Of(session);
        if (notes.Count > 0)
        {
            console.Write(new Markup($"[yellow]{Markup.Escape(ReportTables.UnprobedHeading)}[/]"));
            console.WriteLine();
            foreach (UnprobedSites.Note note in notes)
            {
                console.Write(new Markup(
                    $"  {Markup.Escape(note.Name)}: [bold]{Markup.Escape(note.Short)}[/]{(note.Called ? "" : ", no probed call")}. [grey]{Markup.Escape(note.Why)}[/]"));
                console.WriteLine();
            }
        }

        IReadOnlyList<string> costly = ProbeOverheadNotes.CostlyMethods(session);
        if (costly.Count > 0)
        {
            console.Write(new Markup($"[yellow]{Markup.Escape(ProbeOverheadNotes.CostlyHeading)}[/]"));
            console.WriteLine();
            foreach (string line in costly)
            {
                console.Write(new Text("  " + line));
                console.WriteLine();
            }
        }

        var tree = new Tree(new Text("call tree (inclusive time, share of the total)", new Style(decoration: Decoration.Bold)));
        var parents = new List<IHasTreeNodes> { tree };
        foreach (TreeLine line in ReportTables.PrunedTree(session, _options))
        {
            IHasTreeNodes parent = parents[Math.Min(line.Depth, parents.Count - 1)];
            IRenderable label = line.IsSummary
                ? new Text($"{line.Name} ({line.Inclusive}, {ReportTables.Percent(line.Share)})", new Style(Color.Grey))
                : new Markup(
                    $"{Markup.Escape(line.Name)}  [bold]{Markup.Escape(line.Inclusive)}[/] ({ShareMarkup(line.Share)}) [grey]{Markup.Escape(line.Detail)}[/]");
            TreeNode node = parent.AddNode(label);
            if (parents.Count > line.Depth + 1)
            {
                parents.RemoveRange(line.Depth + 1, parents.Count - line.Depth - 1);
            }

            parents.Add(node);
        }

        console.Write(tree);
        if (session.CpuSamples is { } samples)
        {
            console.Write(new Text(SampledHotspots.Headline(samples), new Style(decoration: Decoration.Bold)));
            console.WriteLine();
            foreach (SampledHotspots.Hotspot hotspot in SampledHotspots.Of(session))
            {
                console.Write(new Text("  " + SampledHotspots.Line(hotspot)));
                console.WriteLine();
            }
        }

        if (session.AllocationSamples is { } allocations)
        {
            console.Write(new Text(AllocationHotspots.Headline(allocations), new Style(decoration: Decoration.Bold)));
            console.WriteLine();
            foreach (string line in AllocationHotspots.Lines(session))
            {
                console.Write(new Text("  " + ReportTables.Printable(line)));
                console.WriteLine();
            }
        }

        foreach (string line in GcSummary.Lines(session))
        {
            console.Write(new Text(line, line.StartsWith(' ') ? Style.Plain : new Style(decoration: Decoration.Bold)));
            console.WriteLine();
        }

        foreach (string warning in session.Warnings)
        {
            console.Write(new Markup($"[yellow]warning:[/] {Markup.Escape(ReportTables.Printable(warning))}"));
            console.WriteLine();
        }
    }

    private void RenderComparison(ComparisonReport comparison, IAnsiConsole console)
    {
        console.Write(new Rule(Markup.Escape(ComparisonHeadline(comparison))).LeftJustified());
        console.Write(new Markup(string.Join(", ", ReportTables.Counts(comparison)
            .Select(c => $"[{ColorOf(c.Verdict).ToMarkup()}]{c.Count} {c.Verdict.ToString().ToLowerInvariant()}[/]"))));
        console.WriteLine();
        if (comparison.IncomparableReason is { } reason)
        {
            console.Write(new Markup($"[yellow]not comparable:[/] {Markup.Escape(ReportTables.Printable(reason))}"));
            console.WriteLine();
        }

        foreach (string warning in comparison.Warnings)
        {
            console.Write(new Markup($"[bold yellow]WARNING:[/] {Markup.Escape(ReportTables.Printable(warning))}"));
            console.WriteLine();
        }

        var table = new Table().Border(TableBorder.Rounded);
        for (int i = 0; i < ReportTables.ComparisonHeaders.Length; i++)
        {
            var column = new TableColumn(new Text(ReportTables.ComparisonHeaders[i], new Style(decoration: Decoration.Bold)));
            table.AddColumn(i is 0 or 1 or 6 ? column.LeftAligned() : column.RightAligned());
        }

        IReadOnlyList<ComparisonRow> rows = Shown(comparison, out int hidden);
        foreach (ComparisonRow row in rows)
        {
            var verdictStyle = new Style(ColorOf(row.Verdict), decoration: row.Verdict == Verdict.Regressed ? Decoration.Bold : Decoration.None);
            table.AddRow(
                new Text(row.Verdict.ToString(), verdictStyle),
                new Text(row.Name),
                new Text(row.Time),
                new Text(row.TimeChange, new Style(ColorOf(row.Verdict))),
                new Text(row.Allocations),
                new Text(row.Calls),
                new Text(row.Verdict == Verdict.Unchanged ? "" : row.Reason, new Style(Color.Grey)));
        }

        if (hidden > 0)
        {
            table.Caption(new TableTitle($"… {hidden} more unchanged methods"));
        }

        console.Write(table);
        IReadOnlyList<string> changes = AllocationHotspots.ChangeLines(comparison);
        if (changes.Count > 0)
        {
            console.Write(new Text(AllocationHotspots.ChangesHeadline, new Style(decoration: Decoration.Bold)));
            console.WriteLine();
            foreach (string line in changes)
            {
                console.Write(new Text("  " + ReportTables.Printable(line)));
                console.WriteLine();
            }
        }
    }

    // ---- shared -------------------------------------------------------------------------

    /// <summary>All methods with a verdict other than Unchanged, and unchanged ones up to the row limit.</summary>
    private IReadOnlyList<ComparisonRow> Shown(ComparisonReport comparison, out int hidden)
    {
        IReadOnlyList<ComparisonRow> rows = ReportTables.ComparisonRows(comparison);
        int changed = rows.Count(r => r.Verdict != Verdict.Unchanged);
        int take = Math.Max(_options.MaxMethods, changed);
        hidden = Math.Max(0, rows.Count - take);
        return [.. rows.Take(take)];
    }

    private static string Headline(SessionReport session)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"Session '{ReportTables.Printable(session.Name)}': {SessionSummary.Duration(session.DurationNs)}, {session.Methods.Count} profiled methods called");
        if (session.Environment.Commit is { Length: > 0 } commit)
        {
            text += $", commit {ReportTables.Printable(commit)}";
        }

        return ProbeOverheadNotes.Summary(session) is { } overhead ? text + Environment.NewLine + overhead : text;
    }

    private static string ComparisonHeadline(ComparisonReport comparison) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"'{ReportTables.Printable(comparison.CurrentName)}' against {(comparison.Pairs is { } pairs ? $"'{ReportTables.Printable(comparison.BaselineName)}', paired over {pairs} interleaved runs" : $"baseline '{ReportTables.Printable(comparison.BaselineName)}'")} (time threshold {ReportTables.Percent(comparison.TimeThreshold)}, allocation threshold {ReportTables.Percent(comparison.AllocationThreshold)})");

    private static string ShareMarkup(double share)
    {
        string text = Markup.Escape(ReportTables.Percent(share));
        return share >= 0.25 ? $"[red]{text}[/]" : share >= 0.05 ? $"[yellow]{text}[/]" : text;
    }
}
