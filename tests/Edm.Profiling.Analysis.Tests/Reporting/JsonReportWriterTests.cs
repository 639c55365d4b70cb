using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;
using Json.Schema;

namespace Edm.Profiling.Analysis.Tests.Reporting;

[Collection(ProfilerCollection.Name)]
public sealed class JsonReportWriterTests
{
    // Loaded once: the schema has an $id, which the validator registers globally.
    private static readonly Lazy<JsonSchema> s_sessionSchema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Reporting", "Schemas", "session.schema.json")));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_session_is_written_in_the_session_format_valid_against_its_schema_and_reads_back_equal(bool timeline)
    {
        SessionReport session = timeline ? SampleSessions.WithTimeline : SampleSessions.WithoutTimeline;
        string json = new JsonReportWriter().WriteToString(ReportContent.Of(session));
        EvaluationResults results = s_sessionSchema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));
        Assert.Equal(session, SessionJson.Deserialize(json));
    }

    [Fact]
    public void A_comparison_is_written_camel_case_with_verdicts_as_strings_and_reads_back()
    {
        ComparisonReport comparison = SampleComparisons.Exact();
        string json = new JsonReportWriter().WriteToString(ReportContent.Of(comparison));
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("schemaVersion", root.First().Key);
        Assert.Equal("1.1", (string?)root["schemaVersion"]);
        Assert.Empty(root["warnings"]!.AsArray()); // 1.1: caveats such as another machine
        Assert.Null(root["pairs"]); // 1.1: set only for an interleaved A/B comparison
        Assert.Equal("current run", (string?)root["currentName"]);
        Assert.Equal(0.05, (double)root["timeThreshold"]!);
        JsonObject parse = root["methods"]!.AsArray().Single(m => (string?)m!["name"] == "App.Parse(String)")!.AsObject();
        Assert.Equal("Regressed", (string?)parse["verdict"]);
        Assert.Equal("WallTime", (string?)parse["metrics"]![0]!["metric"]);
        Assert.Equal(1.4, (double)parse["metrics"]![0]!["ratioLower"]!);
        Assert.Equal(1, (int)root["summary"]!["counts"]!["Regressed"]!);
        Assert.True((bool)root["summary"]!["hasRegression"]!);
        Assert.Null(root["baseline"]); // the sessions themselves are not part of the format
        Assert.Null(root["incomparableReason"]);

        ComparisonReport read = ComparisonJson.Deserialize(json);
        Assert.Equal(comparison.Methods.Select(m => (m.Name, m.Verdict)), read.Methods.Select(m => (m.Name, m.Verdict)));
        Assert.Equal(comparison.Methods.SelectMany(m => m.Metrics), read.Methods.SelectMany(m => m.Metrics));
        Assert.Equal(comparison.Summary.Counts.OrderBy(c => c.Key), read.Summary.Counts.OrderBy(c => c.Key));
        Assert.Equal(comparison.Methods[1].BaselineStatistics, read.Methods[1].BaselineStatistics);
    }

    [Fact]
    public void A_comparison_of_an_unknown_major_version_is_refused_and_a_newer_minor_is_read()
    {
        JsonObject root = JsonNode.Parse(ComparisonJson.Serialize(SampleComparisons.Exact()))!.AsObject();
        root["schemaVersion"] = "1.7";
        root["fieldOfTomorrow"] = 1;
        Assert.Equal("current run", ComparisonJson.Deserialize(root.ToJsonString()).CurrentName);

        root["schemaVersion"] = "2.0";
        JsonException error = Assert.Throws<JsonException>(() => ComparisonJson.Deserialize(root.ToJsonString()));
        Assert.Contains("'2.0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ratio_that_is_not_a_number_does_not_fail_the_report()
    {
        ComparisonReport comparison = SampleComparisons.Exact() with
        {
            Methods = [new MethodComparison { Name = "m", Verdict = Verdict.Unknown, Metrics = [new MetricComparison { Metric = Metric.WallTime, Ratio = double.PositiveInfinity }] }],
        };
        string json = ComparisonJson.Serialize(comparison);
        Assert.Contains("\"Infinity\"", json, StringComparison.Ordinal);
        Assert.Equal(double.PositiveInfinity, ComparisonJson.Deserialize(json).Methods[0].Metrics[0].Ratio);
    }

    [Fact]
    public void Trends_alone_are_written_as_an_array_and_read_back()
    {
        IReadOnlyList<MethodTrend> trends = SampleComparisons.Trends();
        string json = new JsonReportWriter().WriteToString(new ReportContent { Trends = trends });
        IReadOnlyList<MethodTrend> read = ComparisonJson.DeserializeTrends(json);
        Assert.Equal(trends.Select(t => (t.Name, t.Metric, t.Points.Count)), read.Select(t => (t.Name, t.Metric, t.Points.Count)));
        Assert.Equal(trends[0].Points, read[0].Points);
        Assert.Equal([5], read[0].ChangePoints);
        Assert.Equal("WallTime", (string?)JsonNode.Parse(json)![0]!["metric"]);
    }
}
