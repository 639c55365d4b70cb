using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;
using Json.Schema;

namespace Edm.Profiling.Analysis.Tests.Reporting;

/// <summary>
/// A session with allocation samples (<see cref="SampleSessions.WithAllocationSamples"/>) in every report
/// that shows them: console, folded bytes, speedscope's allocation profile, HTML's allocation tree and
/// tables, and a comparison's type changes. Figures, not just that they run.
/// </summary>
public sealed partial class AllocationReportsTests
{
    private const long KiB = SampleSessions.KiB;

    [GeneratedRegex("""<script type="application/json" id="edm-data">(?<data>.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [Fact]
    public void Folded_bytes_weigh_each_path_and_frame_by_what_it_allocated_itself()
    {
        string text = new FoldedStackWriter(FoldedValue.SampledAllocatedBytes).WriteToString(ReportContent.Of(SampleSessions.WithAllocationSamples()));
        Assert.Equal(
            $"App.Main() {50 * KiB}\n"
            + $"App.Main();App.Parse(String) {100 * KiB}\n" // 600 KiB on the path, 500 of them in Tokenize
            + $"App.Main();App.Parse(String);Lib.Tokenize(class System.String) {200 * KiB}\n"
            + $"App.Main();App.Parse(String);Lib.Tokenize(class System.String);System.String.Split(wchar) {300 * KiB}\n"
            + $"App.Main();App.Emit() {250 * KiB}\n"
            + $"(outside probes);App.Loop() {100 * KiB}\n",
            text);
    }

    [Fact]
    public void Speedscope_has_an_allocation_profile_in_bytes_beside_the_time_profile_and_stays_valid()
    {
        SessionReport session = SampleSessions.WithAllocationSamples() with { CpuSamples = SampleSessions.WithCpuSamples().CpuSamples };
        JsonObject file = JsonNode.Parse(new SpeedscopeWriter().WriteToString(ReportContent.Of(session)))!.AsObject();
        EvaluationResults results = SpeedscopeWriterTests.Schema.Evaluate(JsonSerializer.SerializeToElement(file), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));

        JsonArray profiles = file["profiles"]!.AsArray();
        Assert.Equal(["nanoseconds", "bytes"], profiles.Select(p => (string)p!["unit"]!));
        JsonObject allocations = profiles[1]!.AsObject();
        long[] weights = [.. allocations["weights"]!.AsArray().Select(w => (long)w!)];
        Assert.Equal(1_000 * KiB, weights.Sum());
        Assert.Equal(1_000 * KiB, (long)allocations["endValue"]!);

        JsonArray frames = file["shared"]!["frames"]!.AsArray();
        JsonArray samples = allocations["samples"]!.AsArray();
        Assert.All(samples, s => Assert.All(s!.AsArray(), f => Assert.InRange((int)f!, 0, frames.Count - 1)));
        string[] Names(JsonNode sample) => [.. sample.AsArray().Select(f => (string)frames[(int)f!]!["name"]!)];
        int split = samples.ToList().FindIndex(s => Names(s!).Last() == "~ System.String.Split(wchar)");
        Assert.Equal(["App.Main()", "App.Parse(String)", "~ Lib.Tokenize(class System.String)", "~ System.String.Split(wchar)"], Names(samples[split]!));
        Assert.Equal(300 * KiB, weights[split]);
        // The time profile still weighs String.Split by its samples: one frame list serves both profiles.
        JsonObject time = profiles[0]!.AsObject();
        int timeSplit = time["samples"]!.AsArray().ToList().FindIndex(s => Names(s!).Last() == "~ System.String.Split(wchar)");
        Assert.Equal(15_000, (long)time["weights"]![timeSplit]!);
    }

    [Fact]
    public void The_console_lists_the_top_types_and_sites_and_the_probes_that_allocated_most()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.WithAllocationSamples()));
        Assert.Contains("allocations (AllocationSampled, in-process): about 1000.0 KiB in 5,000 objects from 10 events; sampled figures are estimates", text, StringComparison.Ordinal);
        Assert.Contains("  top types: String 600.0 KiB (60.0%), Byte[] 300.0 KiB (30.0%), Token 100.0 KiB (10.0%)", text, StringComparison.Ordinal);
        Assert.Contains("  at Lib.Tokenize (Tokenizer.cs:42): 500.0 KiB (50.0%), mostly String", text, StringComparison.Ordinal);
        Assert.Contains("  at App.Main: 50.0 KiB (5.0%), mostly Byte[]", text, StringComparison.Ordinal);
        Assert.Contains("  under App.Main: 900.0 KiB — String 55.6%, Byte[] 33.3%, Token 11.1%; at Lib.Tokenize (Tokenizer.cs:42)", text, StringComparison.Ordinal);
        Assert.Contains("  under App.Emit: 250.0 KiB — Byte[] 100.0%", text, StringComparison.Ordinal);
        Assert.DoesNotContain("allocations (", new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.Exact())), StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_model_holds_the_allocation_tree_by_bytes_and_the_tables()
    {
        string html = new HtmlReportWriter().WriteToString(ReportContent.Of(SampleSessions.WithAllocationSamples()));
        JsonObject model = JsonNode.Parse(DataBlock().Match(html).Groups["data"].Value)!.AsObject();
        JsonObject tree = model["allocationTree"]!.AsObject();
        string[] names = [.. tree["names"]!.AsArray().Select(n => (string)n!)];
        var nodes = tree["nodes"]!.AsArray().Select(n => n!.AsArray().Select(v => (long)v!).ToArray()).ToList();
        long[] Node(string name) => nodes.Single(n => names[n[2]] == name);

        // [id, parent, name, calls, inclusive bytes, self bytes(, 1 for a sampled frame)]
        Assert.Equal([0, -1, 1, 900 * KiB, 50 * KiB], Node("App.Main()").Where((_, i) => i != 2));
        Assert.Equal([1, 0, 2, 600 * KiB, 100 * KiB], Node("App.Parse(String)").Where((_, i) => i != 2));
        Assert.Equal([3, 0, 1, 250 * KiB, 250 * KiB], Node("App.Emit()").Where((_, i) => i != 2));
        long[] tokenize = Node("Lib.Tokenize(class System.String)");
        Assert.Equal((1, 500 * KiB, 200 * KiB, 1), (tokenize[1], tokenize[4], tokenize[5], tokenize[6]));
        Assert.Equal(tokenize[0], Node("System.String.Split(wchar)")[1]);
        long[] outside = Node("(outside probes)");
        Assert.Equal((-1, 100 * KiB), (outside[1], outside[4]));
        Assert.Equal(outside[0], Node("App.Loop()")[1]);
        Assert.DoesNotContain(names, n => n == "App.Lex;Scan"); // allocated nothing: left out

        JsonObject allocations = model["allocations"]!.AsObject();
        Assert.Equal(["System.String", "System.Byte[]", "App.Token"], allocations["types"]!.AsArray().Select(t => (string)t!["name"]!));
        Assert.Equal("Tokenizer.cs:42", (string)allocations["sites"]![0]!["where"]!);
        Assert.Null(allocations["sites"]![4]!["where"]);
    }

    [Fact]
    public void A_comparison_of_two_sampled_runs_names_the_types_that_changed_most_per_call_as_information()
    {
        SessionReport after = ParseAllocatesMoreStrings();
        ComparisonReport comparison = RegressionDetector.Compare(SampleSessions.WithAllocationSamples(), after);

        MethodComparison parse = comparison.Methods.Single(m => m.Name == "App.Parse(String)");
        // Two calls on each side: per call, String 250 → 450 KiB, Token 50 → 0 KiB.
        Assert.Equal([("System.String", 250 * KiB, 450 * KiB), ("App.Token", 50 * KiB, 0L)],
            parse.TypeChanges!.Select(c => (c.Type, (long)c.BaselineBytesPerCall, (long)c.CurrentBytesPerCall)));
        Assert.Null(comparison.Methods.Single(m => m.Name == "App.Emit()").TypeChanges); // unchanged: nothing to say
        Assert.Equal(Verdict.Unchanged, parse.Metrics.Single(m => m.Metric == Metric.Calls).Verdict); // no verdict comes of it

        string text = new ConsoleReportWriter().WriteToString(new ReportContent { Comparison = comparison });
        Assert.Contains("allocated types that changed most per call (sampled estimates, information, not verdicts):", text, StringComparison.Ordinal);
        Assert.Contains("  App.Parse: String 250.0 KiB → 450.0 KiB (+200.0 KiB), Token 50.0 KiB → 0 B (−50.0 KiB)", text, StringComparison.Ordinal);

        string markdown = new MarkdownReportWriter().WriteToString(new ReportContent { Comparison = comparison });
        Assert.Contains("- App.Parse: String 250.0 KiB → 450.0 KiB (+200.0 KiB), Token 50.0 KiB → 0 B (−50.0 KiB)", markdown, StringComparison.Ordinal);

        // The HTML comparison carries them per method (short type names, bytes per call), for its type-changes table.
        string html = new HtmlReportWriter().WriteToString(new ReportContent { Comparison = comparison });
        JsonArray methods = JsonNode.Parse(DataBlock().Match(html).Groups["data"].Value)!["comparison"]!["methods"]!.AsArray();
        JsonArray parseChanges = methods.Single(m => (string)m!["name"]! == "App.Parse(String)")!["typeChanges"]!.AsArray();
        Assert.Equal([("String", 250 * KiB, 450 * KiB), ("Token", 50 * KiB, 0L)],
            parseChanges.Select(c => ((string)c!["type"]!, (long)(double)c["baselineBytesPerCall"]!, (long)(double)c["currentBytesPerCall"]!)));
        Assert.Null(methods.Single(m => (string)m!["name"]! == "App.Emit()")!["typeChanges"]);

        // Without samples on one side, there is nothing to compare.
        Assert.All(RegressionDetector.Compare(SampleSessions.Exact(), after).Methods, m => Assert.Null(m.TypeChanges));
        // The JSON comparison carries them.
        string json = new JsonReportWriter().WriteToString(new ReportContent { Comparison = comparison });
        Assert.Contains("\"typeChanges\"", json, StringComparison.Ordinal);
    }

    /// <summary>The current run of the type-changes comparisons: App.Parse(String) allocates 900 KiB of String instead of 500, and no App.Token.</summary>
    internal static SessionReport ParseAllocatesMoreStrings()
    {
        SessionReport before = SampleSessions.WithAllocationSamples();
        AllocationSamples a = before.AllocationSamples!;
        return before with
        {
            AllocationSamples = a with
            {
                Probes = [a.Probes[0], a.Probes[1] with { EstimatedBytes = 900 * KiB, TopTypes = [new AllocatedType { Name = "System.String", EstimatedBytes = 900 * KiB }] }, a.Probes[2]],
            },
        };
    }

    [Fact]
    public void A_baseline_merged_from_sampled_runs_sums_each_probes_types_and_reads_back_equal()
    {
        SessionReport run = SampleSessions.WithAllocationSamples();
        Baseline baseline = Baseline.Merge("exact", [run, run]);
        SampledProbeAllocations parse = baseline.SampledAllocations!.Single(p => p.Method == "App.Parse(String)");
        Assert.Equal(1_200 * KiB, parse.EstimatedBytes);
        Assert.Equal([("System.String", 1_000 * KiB), ("App.Token", 200 * KiB)], parse.TopTypes.Select(t => (t.Name, t.EstimatedBytes)));
        Assert.Equal(baseline, BaselineJson.Deserialize(BaselineJson.Serialize(baseline)));
        Assert.Null(Baseline.Merge("exact", [run, SampleSessions.Exact()]).SampledAllocations); // one run without samples: none
    }
}
