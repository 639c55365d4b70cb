using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

[Collection(ProfilerCollection.Name)]
public sealed class MarkdownReportWriterTests
{
    [Fact]
    public void A_comparison_summary_has_counts_regressed_and_improved_tables_and_collapsed_details()
    {
        string md = new MarkdownReportWriter().WriteToString(ReportContent.Of(SampleComparisons.Exact()));
        string[] lines = md.Split('\n');
        Assert.StartsWith("### 🔴 Edm.Profiling: current run against baseline baseline run", lines[0], StringComparison.Ordinal);
        Assert.Contains("**1 regressed** · 1 improved · 1 new · 1 unknown · 1 unchanged", md, StringComparison.Ordinal);
        Assert.Contains("Thresholds: time 5.0%, allocations 1.0%.", md, StringComparison.Ordinal);

        int regressed = Array.IndexOf(lines, "#### Regressed (1)");
        int improved = Array.IndexOf(lines, "#### Improved (1)");
        Assert.True(regressed > 0 && improved > regressed);
        Assert.Equal("| App.Parse(String) | 20.0 µs → 30.0 µs | +50.0% \\[+40.0%, +60.0%\\] | - | 2 → 2 | Mann-Whitney p&lt;0.001, ratio above 1.05 |", lines[regressed + 4]);
        Assert.StartsWith("| App.Lex;Scan | 5.0 µs → 3.8 µs | -25.0%", lines[improved + 4], StringComparison.Ordinal);

        int details = Array.IndexOf(lines, "<details><summary>All 5 methods</summary>");
        Assert.True(details > improved);
        Assert.Equal("</details>", lines[^2]);
        // Both tables have six columns; escaped pipes in names and reasons split no cell.
        Assert.All(lines.Where(l => l.StartsWith('|')), row => Assert.Equal(6, CellCount(row)));
    }

    [Fact]
    public void Names_cannot_break_the_table_or_inject_html()
    {
        string md = new MarkdownReportWriter().WriteToString(ReportContent.Of(SampleComparisons.Exact()));
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", md, StringComparison.Ordinal);
        Assert.Equal("a\\|b &lt;i&gt; \\*x\\* \\_y\\_ \\`z\\` c", MarkdownReportWriter.Escape("a|b <i> *x* _y_ `z`\nc"));
    }

    [Fact]
    public void Without_regressions_the_heading_is_green_and_has_no_regressed_table()
    {
        ComparisonReport comparison = SampleComparisons.Exact();
        comparison = comparison with
        {
            Methods = [.. comparison.Methods.Where(m => m.Verdict != Verdict.Regressed)],
            Summary = new ComparisonSummary { Counts = new Dictionary<Verdict, int> { [Verdict.Improved] = 1, [Verdict.Unchanged] = 1 } },
        };
        string md = new MarkdownReportWriter().WriteToString(ReportContent.Of(comparison));
        Assert.StartsWith("### 🟢", md, StringComparison.Ordinal);
        Assert.DoesNotContain("#### Regressed", md, StringComparison.Ordinal);
        Assert.Contains("1 improved · 1 unchanged", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_alone_lists_its_hottest_methods()
    {
        string md = new MarkdownReportWriter(new ReportOptions { MaxMethods = 2 }).WriteToString(ReportContent.Of(SampleSessions.Exact()));
        string[] rows = [.. md.Split('\n').Where(l => l.StartsWith("| App.", StringComparison.Ordinal))];
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("| App.Parse(String) | 2 | 45.0 µs | 45.0% |", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| App.Emit() | 1 | 30.0 µs | 30.0% |", rows[1], StringComparison.Ordinal);
        Assert.EndsWith("| 4.0 KiB | 60.0% |", rows[1], StringComparison.Ordinal);
        Assert.Contains("… and 2 more methods.", md, StringComparison.Ordinal);
    }

    private static int CellCount(string row) => row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|') - 1;

    [Fact]
    public void A_count_that_misses_unprobed_uses_says_so_and_a_list_says_why()
    {
        string md = new MarkdownReportWriter().WriteToString(ReportContent.Of(SampleSessions.WithUnprobedSites()));
        Assert.Contains("| 2 (+3 not probed) |", md, StringComparison.Ordinal);
        Assert.Contains("- App.LoadAsync(): +1 site not probed (method group), no probed call.", md, StringComparison.Ordinal);
    }
}
