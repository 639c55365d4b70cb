using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;
using Spectre.Console;

namespace Edm.Profiling.Analysis.Tests.Reporting;

[Collection(ProfilerCollection.Name)]
public sealed class ConsoleReportWriterTests
{
    [Fact]
    public void Plain_text_lists_methods_by_self_time_in_aligned_columns()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.Exact()));
        string[] lines = text.Split(Environment.NewLine);
        Assert.Equal("Session 'exact': 1.0 ms, 4 profiled methods called", lines[0]);
        int header = Array.FindIndex(lines, l => l.StartsWith("method", StringComparison.Ordinal));
        Assert.Equal(["method", "calls", "self", "self", "%", "inclusive", "mean", "p50", "p99", "allocated", "off-CPU"], lines[header].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        string[] rows = lines[(header + 2)..(header + 6)];
        Assert.Equal(["App.Parse(String)", "App.Emit()", "App.Lex;Scan", "App.Main()"], rows.Select(r => r.Split("  ")[0].Trim()));
        Assert.Contains("45.0 µs", rows[0], StringComparison.Ordinal);
        Assert.EndsWith("4.0 KiB    60.0%", rows[1], StringComparison.Ordinal);
        // Right-aligned figures end in the same column on every line, the header's included.
        int callsEnd = lines[header].IndexOf("calls", StringComparison.Ordinal) + "calls".Length;
        Assert.All(rows, r => Assert.Equal(' ', r[callsEnd]));
        Assert.All(rows, r => Assert.NotEqual(' ', r[callsEnd - 1]));
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void Plain_text_draws_the_call_tree_indented_by_depth()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.Exact()));
        string[] lines = text.Split(Environment.NewLine);
        int tree = Array.IndexOf(lines, "call tree (inclusive time, share of the total)");
        Assert.Equal(
        [
            "  App.Main()  100.0 µs (100.0%), self 10.0 µs, 1 call",
            "    App.Parse(String)  60.0 µs (60.0%), self 45.0 µs, 2 calls",
            "      App.Lex;Scan  15.0 µs (15.0%), self 15.0 µs, 4 calls",
            "    App.Emit()  30.0 µs (30.0%), self 30.0 µs, 1 call, 4.0 KiB",
        ],
            lines[(tree + 1)..(tree + 5)]);
    }

    [Fact]
    public void Small_and_deep_nodes_are_summed_into_one_line()
    {
        var options = new ReportOptions { TreeMinShare = 0.2, TreeMaxDepth = 2 };
        string text = new ConsoleReportWriter(options).WriteToString(ReportContent.Of(SampleSessions.Exact()));
        Assert.Contains("    App.Parse(String)  60.0 µs", text, StringComparison.Ordinal);
        Assert.Contains("    App.Emit()  30.0 µs", text, StringComparison.Ordinal);
        Assert.Contains("      … 1 more (15.0 µs, 15.0%)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("      App.Lex;Scan", text, StringComparison.Ordinal); // in the table, not in the tree
    }

    [Fact]
    public void Plain_comparison_puts_regressions_first_and_explains_them()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleComparisons.Exact()));
        string[] lines = text.Split(Environment.NewLine);
        Assert.Equal("'current run' against baseline 'baseline run' (time threshold 5.0%, allocation threshold 1.0%)", lines[0]);
        Assert.Equal("1 regressed, 1 improved, 1 new, 1 unknown, 1 unchanged", lines[1]);
        string[] verdicts = [.. lines.Skip(5).Take(5).Select(l => l.Split(' ')[0])];
        Assert.Equal(["REGRESSED", "IMPROVED", "NEW", "UNKNOWN", "UNCHANGED"], verdicts);
        Assert.Contains(lines, l => l.StartsWith("REGRESSED", StringComparison.Ordinal) && l.Contains("+50.0% [+40.0%, +60.0%]", StringComparison.Ordinal));
        Assert.Contains("REGRESSED App.Parse(String): Mann-Whitney p<0.001, ratio above 1.05", lines);
    }

    [Fact]
    public void Control_characters_in_names_are_shown_escaped_and_never_reach_the_terminal()
    {
        SessionReport session = SampleSessions.Exact() with
        {
            Probes = [.. SampleSessions.Exact().Probes.Select(p => p.Id == 1 ? p with { Name = "Evil\u001b[31mRed\nLine" } : p)],
        };
        string plain = new ConsoleReportWriter().WriteToString(ReportContent.Of(session));
        Assert.DoesNotContain('\u001b', plain);
        Assert.Contains("Evil\\u001B[31mRed\\nLine  60.0 µs", plain, StringComparison.Ordinal);
        Assert.Equal(2, plain.Split(Environment.NewLine).Count(l => l.Contains("Evil", StringComparison.Ordinal))); // table and tree, one line each
        string rendered = Render(ReportContent.Of(session));
        Assert.Contains("Evil\\u001B[31mRed\\nLine", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31mRed", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_colours_each_verdict()
    {
        string output = Render(ReportContent.Of(SampleComparisons.Exact()));
        Assert.Contains(Styled("Regressed", new Style(Color.Red, decoration: Decoration.Bold)), output, StringComparison.Ordinal);
        Assert.Contains(Styled("Improved", new Style(Color.Green)), output, StringComparison.Ordinal);
        Assert.Contains(Styled("Unknown", new Style(Color.Yellow)), output, StringComparison.Ordinal);
        Assert.Contains(Styled("+50.0% [+40.0%, +60.0%]", new Style(Color.Red)), output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_a_session_draws_a_table_and_a_tree_and_treats_names_as_text()
    {
        SessionReport session = SampleSessions.Exact() with
        {
            Probes = [.. SampleSessions.Exact().Probes.Select(p => p.Id == 2 ? p with { Name = "App.Get[red]<T>()" } : p)],
        };
        string output = Render(ReportContent.Of(session));
        Assert.Contains("App.Get[red]<T>()", output, StringComparison.Ordinal);
        Assert.Contains("╭", output, StringComparison.Ordinal); // the rounded table
        Assert.Contains("└── ", output, StringComparison.Ordinal); // the tree
        Assert.Contains("call tree", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_session_renders_with_its_awkward_names()
    {
        string output = Render(ReportContent.Of(SampleSessions.WithTimeline));
        Assert.Contains(SampleSessions.ScriptName, output, StringComparison.Ordinal);
        Assert.Contains("Edm.Tracks.Tree.Walk(Int32)", output, StringComparison.Ordinal);
    }

    private static string Render(ReportContent content)
    {
        using var writer = new StringWriter();
        IAnsiConsole console = CreateConsole(writer);
        new ConsoleReportWriter().Render(content, console);
        return writer.ToString();
    }

    /// <summary>What Spectre.Console writes for <paramref name="text"/> in <paramref name="style"/> on the same console.</summary>
    private static string Styled(string text, Style style)
    {
        using var writer = new StringWriter();
        CreateConsole(writer).Write(new Text(text, style));
        return writer.ToString();
    }

    private static IAnsiConsole CreateConsole(StringWriter writer)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 220;
        return console;
    }

    [Fact]
    public void A_count_that_misses_unprobed_uses_says_so_beside_it_and_a_note_says_why()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.WithUnprobedSites()));
        string[] lines = text.Split(Environment.NewLine);

        string parse = lines.Single(l => l.StartsWith("App.Parse(String)", StringComparison.Ordinal));
        Assert.Contains(" 2 (+3 not probed)", parse, StringComparison.Ordinal);
        Assert.DoesNotContain("not probed", lines.Single(l => l.StartsWith("App.Main()", StringComparison.Ordinal)), StringComparison.Ordinal);
        int note = Array.IndexOf(lines, "not probed: uses of these methods the build could not intercept; calls through them are not in the counts");
        Assert.True(note > 0, text);
        Assert.StartsWith("  App.Parse(String): +3 sites not probed (1 base call, 2 method group). A base call must stay non-virtual", lines[note + 1], StringComparison.Ordinal);
        Assert.Contains("A method group passes the method as a delegate", lines[note + 1], StringComparison.Ordinal);
        Assert.StartsWith("  App.LoadAsync(): +1 site not probed (method group), no probed call. A method group passes", lines[note + 2], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[note + 3]);
    }

    [Fact]
    public void Without_unprobed_uses_there_is_no_note()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.Exact()));
        Assert.DoesNotContain("not probed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rich_console_shows_the_unprobed_uses_too()
    {
        string output = System.Text.RegularExpressions.Regex.Replace(Render(ReportContent.Of(SampleSessions.WithUnprobedSites())), "\u001b\\[[0-9;]*m", "");
        Assert.Contains("(+3 not probed)", output, StringComparison.Ordinal);
        Assert.Contains("App.LoadAsync(): +1 site not probed (method group), no probed call.", output, StringComparison.Ordinal);
    }
}
