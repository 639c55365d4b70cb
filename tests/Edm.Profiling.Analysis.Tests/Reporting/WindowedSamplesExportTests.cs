using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

/// <summary>
/// The session of <see cref="SampledFramesExportTests"/> with its sampler on half the time (duty 0.5): the
/// counts are the same, so every export must show the sampled times doubled (samples × interval ÷ duty),
/// and the probes' exact figures as they were.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class WindowedSamplesExportTests
{
    private static SessionReport HalfDuty()
    {
        SessionReport session = SampleSessions.WithCpuSamples();
        return session with { CpuSamples = session.CpuSamples! with { Duty = 0.5, Windows = 12 } };
    }

    [Fact]
    public void Folded_weights_are_samples_times_interval_divided_by_the_duty()
    {
        string text = new FoldedStackWriter().WriteToString(ReportContent.Of(HalfDuty()));
        Assert.Equal(
            "App.Main() 10000\n"
            + "App.Main();App.Parse(String) 5000\n" // 45 µs exact self minus 20 samples × 1 µs ÷ 0.5
            + "App.Main();App.Parse(String);Lib.Tokenize(class System.String) 10000\n"
            + "App.Main();App.Parse(String);Lib.Tokenize(class System.String);System.String.Split(wchar) 30000\n"
            + "App.Main();App.Parse(String);App.Lex%3BScan 15000\n"
            + "App.Main();App.Emit() 30000\n"
            + "(outside probes);Main();App.Loop() 16000\n",
            text);
    }

    [Fact]
    public void Speedscope_and_chrome_carry_the_scaled_estimates()
    {
        JsonObject file = JsonNode.Parse(new SpeedscopeWriter().WriteToString(ReportContent.Of(HalfDuty())))!.AsObject();
        JsonArray frames = file["shared"]!["frames"]!.AsArray();
        JsonObject profile = Assert.Single(file["profiles"]!.AsArray())!.AsObject();
        JsonArray samples = profile["samples"]!.AsArray();
        long[] weights = [.. profile["weights"]!.AsArray().Select(w => (long)w!)];
        int split = samples.ToList().FindIndex(s => (string)frames[(int)s!.AsArray().Last()!]!["name"]! == "~ System.String.Split(wchar)");
        Assert.Equal(30_000, weights[split]);

        JsonObject trace = JsonNode.Parse(new ChromeTraceWriter().WriteToString(ReportContent.Of(HalfDuty())))!.AsObject();
        List<JsonObject> merged = [.. trace["traceEvents"]!.AsArray().Select(e => e!.AsObject())
            .Where(e => (string?)e["ph"] == "X" && (int)e["tid"]! == ChromeTraceWriter.SampledTreeThreadId)];
        Assert.Equal(30.0, (double)merged.Single(e => (string)e["name"]! == "System.String.Split(wchar)")["dur"]!);
        Assert.Equal(60.0, (double)merged.Single(e => (string)e["name"]! == "App.Parse(String)")["dur"]!); // exact: 5 own + 40 sampled + 15 Lex
        Assert.Contains(merged, e => (string)e["name"]! == "(outside probes)" && (double)e["dur"]! == 16.0);
    }

    [Fact]
    public void The_console_says_the_sampler_ran_in_windows_and_scales_its_estimates()
    {
        string text = new ConsoleReportWriter().WriteToString(ReportContent.Of(HalfDuty()));
        Assert.Contains("CPU samples: 128 every 1.0 µs on 2 threads (28 running, 100 waiting; eventpipe, in-process), in 12 windows, on 50% of the time (times scaled ×2.0); sampled times are estimates", text, StringComparison.Ordinal);
        Assert.Contains("inside App.Parse(String) (20 running samples ≈ 40.0 µs): 100% Lib.Tokenize (Tokenizer.cs:42)", text, StringComparison.Ordinal);
        Assert.Contains("(outside probes) (8 running samples ≈ 16.0 µs): 100% App.Loop (Program.cs:7)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_flamegraph_weighs_sampled_frames_by_the_scaled_estimate()
    {
        string html = new HtmlReportWriter().WriteToString(ReportContent.Of(HalfDuty()));
        string json = Regex.Match(html, """<script type="application/json" id="edm-data">(?<data>.*?)</script>""", RegexOptions.Singleline).Groups["data"].Value;
        JsonObject sampled = JsonNode.Parse(json)!["sampledTree"]!.AsObject();
        string[] names = [.. sampled["names"]!.AsArray().Select(n => (string)n!)];
        JsonArray split = sampled["nodes"]!.AsArray().Single(n => names[(int)n![2]!] == "System.String.Split(wchar)")!.AsArray();
        Assert.Equal(15, (long)split[3]!); // the count stays a count
        Assert.Equal(30_000, (long)split[4]!);
    }
}
