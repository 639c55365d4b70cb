using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

/// <summary>
/// Calibrated sessions in every report: the overhead line, the "self w/o probes" column, the methods
/// whose probe is a large share of their time, and times that adaptive timing estimated.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class ProbeOverheadReportTests
{
    /// <summary>
    /// <see cref="SampleSessions.Exact"/>, calibrated: App.Lex;Scan's four calls of 3.75 µs carry 4 µs of
    /// probe (a share of 4/(15+4) = 21%, under the flag); App.Emit() is tiny and its probe is 60% of it.
    /// </summary>
    private static SessionReport Calibrated()
    {
        SessionReport exact = SampleSessions.Exact();
        var cost = new ProbeCost
        {
            Lightweight = new ProbeCostClass { InnerNs = 20, TotalNs = 60, CallerSelfNs = 40 },
            Detailed = new ProbeCostClass { InnerNs = 40, TotalNs = 100, CallerSelfNs = 60 },
            Async = new ProbeCostClass { InnerNs = 50, TotalNs = 150, CallerSelfNs = 100 },
            SkippedCallNs = 4,
            CalibrationNs = 400_000,
            Batches = 9,
            CallsPerBatch = 128,
        };
        return exact with
        {
            Settings = exact.Settings with { ProbeCost = cost, AdaptiveTimingBudgetNs = 5 },
            Overhead = new ProbeOverhead { EstimatedNs = 31_000, Share = 0.031 },
            Methods = [.. exact.Methods.Select(m => m.ProbeId switch
            {
                0 => m with { CompensatedSelfNs = 9_000, CompensatedInclusiveNs = 98_000, ProbeOverheadNs = 60 },
                1 => m with { CompensatedSelfNs = 44_000, CompensatedInclusiveNs = 58_000, ProbeOverheadNs = 120 },
                2 => m with
                {
                    CompensatedSelfNs = 14_900, CompensatedInclusiveNs = 14_900, ProbeOverheadNs = 4_000,
                    Sampling = new SampledTiming { TimedCalls = 1, TotalStandardErrorNs = 1_200 },
                },
                _ => m with { CompensatedSelfNs = 12_000, CompensatedInclusiveNs = 12_000, ProbeOverheadNs = 45_000 },
            })],
        };
    }

    [Fact]
    public void Plain_text_says_what_the_probes_cost_and_gives_self_time_without_them()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(Calibrated()));
        string[] lines = text.Split(Environment.NewLine);
        Assert.StartsWith("probes cost ≈ 3.1% of this run (≈ 31.0 µs; a Lightweight call ≈ 60 ns, Detailed ≈ 100 ns", lines[1], StringComparison.Ordinal);
        int header = Array.FindIndex(lines, l => l.StartsWith("method", StringComparison.Ordinal));
        Assert.Contains("self w/o probes", lines[header], StringComparison.Ordinal);
        string emit = lines.First(l => l.StartsWith("App.Emit()", StringComparison.Ordinal));
        Assert.Contains("30.0 µs", emit, StringComparison.Ordinal);
        Assert.Contains("12.0 µs", emit, StringComparison.Ordinal);
        string lex = lines.First(l => l.StartsWith("App.Lex;Scan", StringComparison.Ordinal));
        Assert.Contains("(~ est. from 1 timed, ±1.2 µs)", lex, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_measured_again_at_its_stop_gives_the_larger_lightweight_total_and_says_when()
    {
        SessionReport calibrated = Calibrated();
        ProbeCost cost = calibrated.Settings.ProbeCost!;
        ProbeCostAtStop Stop(double total) => new() { Lightweight = new ProbeCostClass { InnerNs = 15, TotalNs = total, CallerSelfNs = total - 15 }, Batches = 45 };

        string Line(ProbeCostAtStop atStop) => new ConsoleReportWriter()
            .WriteToString(ReportContent.Of(calibrated with { Settings = calibrated.Settings with { ProbeCost = cost with { AtStop = atStop } } }))
            .Split(Environment.NewLine)[1];

        Assert.Contains("a Lightweight call ≈ 72 ns, Detailed ≈ 100 ns, measured at the start and again at the stop)", Line(Stop(72)), StringComparison.Ordinal);
        Assert.Contains("a Lightweight call ≈ 60 ns, Detailed ≈ 100 ns, measured at the start and again at the stop)", Line(Stop(41)), StringComparison.Ordinal);
        Assert.Contains("measured at the start)", new ConsoleReportWriter().WriteToString(ReportContent.Of(calibrated)).Split(Environment.NewLine)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_sampled_node_says_its_calls_are_estimated_only_when_its_method_has_other_nodes()
    {
        // Adaptive timing keeps a method's calls exact; how they split between its nodes is an estimate.
        SessionReport exact = SampleSessions.Exact();
        CallTreeNode second = exact.CallTree[2] with { Id = 4, ParentId = 3 };
        SessionReport sampled = exact with
        {
            CallTree = [.. exact.CallTree.Select(n => n.ProbeId is 2 or 3 ? n with { TimedCalls = 1 } : n), second with { TimedCalls = 1 }],
        };
        IReadOnlyList<TreeLine> lines = ReportTables.PrunedTree(sampled, new ReportOptions());
        Assert.Equal(2, lines.Count(l => l.Detail.Contains(", calls and times estimated from 1 timed calls", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Detail.Contains(", times estimated from 1 timed calls", StringComparison.Ordinal) && !l.Detail.Contains("calls and times", StringComparison.Ordinal));
    }

    [Fact]
    public void Methods_whose_probe_is_a_large_share_of_their_time_are_flagged_with_advice()
    {
        IReadOnlyList<string> flagged = ProbeOverheadNotes.CostlyMethods(Calibrated());
        // App.Emit(): 45 µs of probe against 30 µs measured: 60% of its time. App.Lex;Scan: 4/19 = 21%, not flagged.
        string line = Assert.Single(flagged);
        Assert.StartsWith("App.Emit(): its probe is ≈ 60.0% of its time (45.0 µs of 30.0 µs a call); mark it [NoProfile]", line, StringComparison.Ordinal);

        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(Calibrated()));
        Assert.Contains(ProbeOverheadNotes.CostlyHeading, text, StringComparison.Ordinal);
        Assert.Contains("  " + line, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_and_html_carry_the_overhead_and_the_flagged_methods()
    {
        string markdown = new MarkdownReportWriter().WriteToString(ReportContent.Of(Calibrated()));
        Assert.Contains("Probes cost ≈ 3.1% of this run", markdown, StringComparison.Ordinal);
        Assert.Contains("| self w/o probes |", markdown, StringComparison.Ordinal);
        Assert.Contains("- App.Emit(): its probe is ≈ 60.0% of its time", markdown, StringComparison.Ordinal);

        string html = new HtmlReportWriter().WriteToString(ReportContent.Of(Calibrated()));
        string data = Regex.Match(html, """<script type="application/json" id="edm-data">(?<data>.*?)</script>""", RegexOptions.Singleline).Groups["data"].Value;
        JsonObject model = JsonNode.Parse(data)!.AsObject();
        Assert.StartsWith("probes cost ≈ 3.1% of this run", (string?)model["session"]!["overhead"], StringComparison.Ordinal);
        Assert.StartsWith("App.Emit(): its probe is", (string?)model["session"]!["costlyMethods"]![0], StringComparison.Ordinal);
        JsonObject emit = model["methods"]!.AsArray().Single(m => (string?)m!["name"] == "App.Emit()")!.AsObject();
        Assert.Equal(12_000, (long?)emit["compensatedSelfNs"]);
    }

    [Fact]
    public void An_uncalibrated_session_reports_as_before()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.Exact()));
        Assert.DoesNotContain("probes cost", text, StringComparison.Ordinal);
        Assert.DoesNotContain("w/o probes", text, StringComparison.Ordinal);
        Assert.Empty(ProbeOverheadNotes.CostlyMethods(SampleSessions.Exact()));
    }

    [Fact]
    public void The_json_report_keeps_the_new_fields()
    {
        string json = new JsonReportWriter().WriteToString(ReportContent.Of(Calibrated()));
        SessionReport back = SessionJson.Deserialize(json);
        Assert.Equal(Calibrated().Settings.ProbeCost, back.Settings.ProbeCost);
        Assert.Equal(0.031, back.Overhead!.Share);
        Assert.Equal(1_200, back.Methods.Single(m => m.ProbeId == 2).Sampling!.TotalStandardErrorNs);
    }
}
