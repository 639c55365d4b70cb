using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;
using Json.Schema;

namespace Edm.Profiling.Analysis.Tests.Reporting;

/// <summary>
/// A session with CPU samples in every export: the sampled frames below the probes and under
/// <c>(outside probes)</c>, weighted by samples × interval, and each file still what its viewer reads.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed partial class SampledFramesExportTests
{
    [GeneratedRegex(@"^(?<stack>[^;\r\n]+(?:;[^;\r\n]+)*) (?<value>[1-9][0-9]*)$")]
    private static partial Regex FoldedLine();

    [Fact]
    public void Folded_lines_put_sampled_frames_below_their_probe_and_keep_the_probes_exact_remainder()
    {
        string text = new FoldedStackWriter().WriteToString(ReportContent.Of(SampleSessions.WithCpuSamples()));
        Assert.Equal(
            "App.Main() 10000\n"
            + "App.Main();App.Parse(String) 25000\n" // 45 µs exact self minus 20 samples × 1 µs
            + "App.Main();App.Parse(String);Lib.Tokenize(class System.String) 5000\n"
            + "App.Main();App.Parse(String);Lib.Tokenize(class System.String);System.String.Split(wchar) 15000\n"
            + "App.Main();App.Parse(String);App.Lex%3BScan 15000\n"
            + "App.Main();App.Emit() 30000\n"
            + "(outside probes);Main();App.Loop() 8000\n", // running only: Main()'s 100 waiting samples are left out
            text);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(FoldedLine(), line));
    }

    [Fact]
    public void Folded_bytes_ignore_the_samples()
    {
        string text = new FoldedStackWriter(FoldedValue.SelfAllocatedBytes).WriteToString(ReportContent.Of(SampleSessions.WithCpuSamples()));
        Assert.Equal("App.Main();App.Emit() 4096\n", text);
    }

    [Fact]
    public void Speedscope_holds_the_sampled_frames_marked_as_estimates_and_stays_valid()
    {
        JsonObject file = JsonNode.Parse(new SpeedscopeWriter().WriteToString(ReportContent.Of(SampleSessions.WithCpuSamples())))!.AsObject();
        EvaluationResults results = SpeedscopeWriterTests.Schema.Evaluate(JsonSerializer.SerializeToElement(file), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));

        JsonArray frames = file["shared"]!["frames"]!.AsArray();
        JsonObject profile = Assert.Single(file["profiles"]!.AsArray())!.AsObject();
        JsonArray samples = profile["samples"]!.AsArray();
        long[] weights = [.. profile["weights"]!.AsArray().Select(w => (long)w!)];
        Assert.Equal(samples.Count, weights.Length);
        Assert.All(samples, s => Assert.All(s!.AsArray(), f => Assert.InRange((int)f!, 0, frames.Count - 1)));
        string[] Names(JsonNode sample) => [.. sample.AsArray().Select(f => (string)frames[(int)f!]!["name"]!)];
        int split = samples.ToList().FindIndex(s => Names(s!).Last() == "~ System.String.Split(wchar)");
        Assert.Equal(["App.Main()", "App.Parse(String)", "~ Lib.Tokenize(class System.String)", "~ System.String.Split(wchar)"], Names(samples[split]!));
        Assert.Equal(15_000, weights[split]);
        JsonObject tokenize = frames.Single(f => (string)f!["name"]! == "~ Lib.Tokenize(class System.String)")!.AsObject();
        Assert.Equal(("/src/Lib/Tokenizer.cs", 42), ((string)tokenize["file"]!, (int)tokenize["line"]!));
        Assert.Equal(10_000 + 25_000 + 5_000 + 15_000 + 15_000 + 30_000 + 8_000, weights.Sum());
    }

    [Fact]
    public void Chrome_lays_out_the_merged_tree_on_its_own_thread_nested_as_readers_add_doubles()
    {
        JsonObject trace = JsonNode.Parse(new ChromeTraceWriter().WriteToString(ReportContent.Of(SampleSessions.WithCpuSamples())))!.AsObject();
        List<JsonObject> merged = [.. trace["traceEvents"]!.AsArray().Select(e => e!.AsObject())
            .Where(e => (string?)e["ph"] == "X" && (int)e["tid"]! == ChromeTraceWriter.SampledTreeThreadId)];
        ChromeTraceWriterTests.AssertNestedAsReadersAddDoubles(merged);
        JsonObject split = merged.Single(e => (string)e["name"]! == "System.String.Split(wchar)");
        Assert.Equal("sampled", (string)split["cat"]!);
        Assert.Equal(15.0, (double)split["dur"]!);
        JsonObject parse = merged.Single(e => (string)e["name"]! == "App.Parse(String)");
        Assert.Equal("probe", (string)parse["cat"]!);
        Assert.Equal(60.0, (double)parse["dur"]!); // 25 own + 20 sampled + 15 Lex
        Assert.Contains(merged, e => (string)e["name"]! == "(outside probes)" && (double)e["dur"]! == 8.0);
        Assert.Contains(trace["traceEvents"]!.AsArray(), e => (string?)e!["ph"] == "M" && (int)e["tid"]! == ChromeTraceWriter.SampledTreeThreadId);
    }

    [Fact]
    public void The_console_report_names_the_hottest_sampled_frames_under_the_hottest_probes()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(SampleSessions.WithCpuSamples()));
        Assert.Contains("CPU samples: 128 every 1.0 µs on 2 threads (28 running, 100 waiting; eventpipe, in-process); sampled times are estimates", text, StringComparison.Ordinal);
        Assert.Contains("inside App.Parse(String) (20 running samples ≈ 20.0 µs): 100% Lib.Tokenize (Tokenizer.cs:42)", text, StringComparison.Ordinal);
        // Main() only passes the samples on to App.Loop(): the line follows the chain to where the work is.
        Assert.Contains("(outside probes) (8 running samples ≈ 8.0 µs): 100% App.Loop (Program.cs:7)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_flamegraph_data_holds_the_sampled_frames_flagged_and_the_differential_tree_does_not()
    {
        string html = new HtmlReportWriter().WriteToString(ReportContent.Of(SampleSessions.WithCpuSamples()));
        string json = Regex.Match(html, """<script type="application/json" id="edm-data">(?<data>.*?)</script>""", RegexOptions.Singleline).Groups["data"].Value;
        JsonObject model = JsonNode.Parse(json)!.AsObject();
        JsonObject sampled = model["sampledTree"]!.AsObject();
        string[] names = [.. sampled["names"]!.AsArray().Select(n => (string)n!)];
        JsonArray split = sampled["nodes"]!.AsArray().Single(n => names[(int)n![2]!] == "System.String.Split(wchar)")!.AsArray();
        Assert.Equal(1, (int)split[6]!);
        Assert.Equal(15_000, (long)split[4]!);
        Assert.DoesNotContain(model["tree"]!["names"]!.AsArray(), n => ((string)n!).Contains("Split", StringComparison.Ordinal));
        Assert.Contains("frame sampled", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_shows_sampled_shares_beside_the_baselines_for_information_only()
    {
        SessionReport baseline = SampleSessions.WithCpuSamples();
        SessionReport current = baseline with { CpuSamples = baseline.CpuSamples! with { Paths = [.. baseline.CpuSamples.Paths.Select(p => p.CallTreeNodeId == 1 ? p with { RunningSamples = 40 } : p)] } };

        Assert.Equal(
            ["inside App.Parse(String): Lib.Tokenize (Tokenizer.cs:42) 50% (baseline 100%)", "(outside probes): App.Loop (Program.cs:7) 100% (baseline 100%)"],
            SampledShareComparison.Lines(baseline, current));
        Assert.Empty(SampledShareComparison.Lines(SampleSessions.Exact(), current));
    }
}
