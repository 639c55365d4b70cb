using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

/// <summary>The page as text: self-contained, data embedded safely, script allowed by hash. <see cref="HtmlReportBrowserTests"/> opens it.</summary>
[Collection(ProfilerCollection.Name)]
public sealed partial class HtmlReportWriterTests
{
    [GeneratedRegex("""<script type="application/json" id="edm-data">(?<data>.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [GeneratedRegex("""<script>(?<code>.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();

    [GeneratedRegex("""<style>(?<code>.*?)</style>""", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    [GeneratedRegex("""(?:src|href|action)\s*=|<link|<img|<iframe|@import|url\(""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [Fact]
    public void The_page_fetches_nothing_and_allows_only_its_own_inline_style_and_script()
    {
        string html = Write(SampleComparisons.Of(SampleSessions.WithoutTimeline, SampleSessions.WithTimeline), SampleComparisons.Trends());
        // Outside the data (whose names may say anything, as escaped text), nothing refers elsewhere.
        Assert.DoesNotMatch(ExternalReference(), DataBlock().Replace(html, ""));
        Assert.Equal(2, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        string policy = Regex.Match(html, """http-equiv="Content-Security-Policy" content="(?<p>[^"]+)" """.TrimEnd()).Groups["p"].Value;
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.Contains($"script-src '{Hash(ScriptBlock().Match(html).Groups["code"].Value)}'", policy, StringComparison.Ordinal);
        Assert.Contains($"style-src '{Hash(StyleBlock().Match(html).Groups["code"].Value)}'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_never_parses_data_as_markup()
    {
        string script = ScriptBlock().Match(Write(SampleComparisons.Exact())).Groups["code"].Value;
        foreach (string sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Names_that_look_like_markup_travel_escaped_in_the_data_and_come_back_whole()
    {
        string html = Write(SampleComparisons.Of(SampleSessions.WithoutTimeline, SampleSessions.WithTimeline), SampleComparisons.Trends());
        string data = DataBlock().Match(html).Groups["data"].Value;
        Assert.DoesNotContain("<", data, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        JsonObject model = JsonNode.Parse(data)!.AsObject();
        JsonArray names = model["tree"]!["names"]!.AsArray();
        Assert.Contains(names, n => (string?)n == SampleSessions.ScriptName);
        Assert.Contains(names, n => (string?)n == SampleSessions.AwkwardName); // its {{SCRIPT}} was not filled in
        Assert.Equal(SampleSessions.WithTimeline.CallTree.Count, model["tree"]!["nodes"]!.AsArray().Count);
        Assert.Equal(SampleSessions.WithoutTimeline.CallTree.Count, model["baselineTree"]!["nodes"]!.AsArray().Count);
        Assert.Equal(2, model["trends"]!.AsArray().Count);
    }

    [Fact]
    public void The_title_option_names_the_page_and_trends_alone_make_a_page()
    {
        string html = new HtmlReportWriter(new ReportOptions { Title = "Nightly </title>" }).WriteToString(new ReportContent { Trends = SampleComparisons.Trends() });
        JsonObject model = JsonNode.Parse(DataBlock().Match(html).Groups["data"].Value)!.AsObject();
        Assert.Equal("Nightly </title>", (string?)model["title"]);
        Assert.Null(model["tree"]);
        Assert.Throws<ArgumentException>(() => new HtmlReportWriter().WriteToString(new ReportContent()));
    }

    [Fact]
    public void The_page_data_carries_each_count_that_misses_unprobed_uses_and_why()
    {
        string html = new HtmlReportWriter().WriteToString(ReportContent.Of(SampleSessions.WithUnprobedSites()));
        JsonObject model = JsonNode.Parse(DataBlock().Match(html).Groups["data"].Value)!.AsObject();

        JsonObject parse = model["methods"]!.AsArray().Single(m => (string?)m!["name"] == "App.Parse(String)")!.AsObject();
        Assert.Equal(3, (int)parse["unprobedSites"]!);
        Assert.Equal("+3 sites not probed (1 base call, 2 method group)", (string?)parse["unprobed"]);
        Assert.Null(model["methods"]!.AsArray().Single(m => (string?)m!["name"] == "App.Main()")!["unprobed"]);
        JsonArray unprobed = model["unprobed"]!.AsArray();
        Assert.Equal(["App.Parse(String)", "App.LoadAsync()"], unprobed.Select(u => (string?)u!["name"]));
        Assert.False((bool)unprobed[1]!["called"]!);
        Assert.StartsWith("A method group passes the method as a delegate", (string?)unprobed[1]!["why"], StringComparison.Ordinal);
    }

    [Fact]
    public void Two_runs_of_one_commit_are_told_apart_by_when_they_started()
    {
        ComparisonReport sameName = SampleComparisons.Exact() with { BaselineName = "edm@abc1234", CurrentName = "edm@abc1234" };
        sameName = sameName with
        {
            Baseline = sameName.Baseline! with { StartedAt = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero) },
            Current = sameName.Current! with { StartedAt = new DateTimeOffset(2026, 12, 5, 11, 30, 0, TimeSpan.Zero) },
        };
        JsonObject model = JsonNode.Parse(DataBlock().Match(Write(sameName)).Groups["data"].Value)!.AsObject();
        Assert.Equal("edm@abc1234 (started 2026-12-05 11:30:00Z) against edm@abc1234 (started 2026-12-05 10:00:00Z)", (string?)model["title"]);
        Assert.Equal("edm@abc1234 (started 2026-12-05 10:00:00Z)", (string?)model["comparison"]!["baselineName"]);

        // Named apart already: left as they are.
        JsonObject distinct = JsonNode.Parse(DataBlock().Match(Write(SampleComparisons.Exact())).Groups["data"].Value)!.AsObject();
        Assert.Equal("current run against baseline run", (string?)distinct["title"]);
    }

    internal static string Write(ComparisonReport comparison, IReadOnlyList<MethodTrend>? trends = null) =>
        new HtmlReportWriter().WriteToString(new ReportContent { Comparison = comparison, Trends = trends ?? [] });

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
