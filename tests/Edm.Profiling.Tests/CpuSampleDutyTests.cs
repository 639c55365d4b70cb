using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Tests.Support;
using Json.Schema;

namespace Edm.Profiling.Tests;

/// <summary>
/// The 1.3 fields <c>cpuSamples.duty</c> and <c>cpuSamples.windows</c> (the CPU sampler on in windows): written,
/// schema-valid, checked on reading, absent from older files (duty 1), and the weight they give a sample.
/// </summary>
public sealed class CpuSampleDutyTests
{
    private static SessionReport Session(double? duty, int? windows) => new()
    {
        Name = "duty",
        Environment = new EnvironmentInfo { LogicalCores = 2, StopwatchFrequency = 1_000_000_000 },
        Settings = new SessionSettings { CpuSampleInterval = 16, TimestampFrequency = 1_000_000_000 },
        Probes = [new ProbeInfo { Id = 0, Name = "App.Work()" }],
        CallTree = [new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1 }],
        CpuSamples = new CpuSamples
        {
            Source = "eventpipe",
            Mode = "in-process",
            IntervalNs = 1_000_000,
            Duty = duty,
            Windows = windows,
            Threads = 1,
            RunningSamples = 40,
            Frames = [new SampledFrame { Name = "App.Hot()" }],
            Paths = [new SampledPath { CallTreeNodeId = 0, RunningSamples = 40 }],
            Nodes = [new SampledNode { Id = 0, CallTreeNodeId = 0, FrameId = 0, RunningSamples = 40, SelfRunningSamples = 40 }],
        },
    };

    [Fact]
    public void A_windowed_session_reads_back_equal_and_is_valid_against_the_schema()
    {
        SessionReport report = Session(0.25, 17);
        string json = SessionJson.Serialize(report);
        Assert.Equal(report, SessionJson.Deserialize(json));

        JsonNode document = JsonNode.Parse(json)!;
        Assert.Equal(0.25, (double)document["cpuSamples"]!["duty"]!);
        Assert.Equal(17, (int)document["cpuSamples"]!["windows"]!);
        EvaluationResults results = SessionSchema.Value.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));

        document["cpuSamples"]!["duty"] = 1.5;
        Assert.False(SessionSchema.Value.Evaluate(JsonSerializer.SerializeToElement(document)).IsValid);
    }

    [Fact]
    public void A_continuous_session_writes_no_duty_and_an_older_file_without_one_weighs_samples_by_the_interval_alone()
    {
        string json = SessionJson.Serialize(Session(null, null));
        JsonObject samples = JsonNode.Parse(json)!["cpuSamples"]!.AsObject();
        Assert.False(samples.ContainsKey("duty"));
        Assert.False(samples.ContainsKey("windows"));

        CpuSamples read = SessionJson.Deserialize(json).CpuSamples!;
        Assert.Null(read.Duty);
        Assert.Equal(40_000_000, read.EstimateNs(40));
    }

    [Theory]
    [InlineData(0.25, 160_000_000)] // 40 samples × 1 ms ÷ 0.25
    [InlineData(0.5, 80_000_000)]
    [InlineData(1.0, 40_000_000)]
    public void A_sample_stands_for_the_interval_divided_by_the_duty(double duty, long expected) =>
        Assert.Equal(expected, Session(duty, 3).CpuSamples!.EstimateNs(40));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.25)]
    [InlineData(1.25)]
    public void A_duty_outside_0_to_1_is_refused_at_its_path(double duty)
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(Session(0.25, 3)))!.AsObject();
        root["cpuSamples"]!["duty"] = duty;
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(root.ToJsonString(), "duty.json"));
        Assert.Equal("$.cpuSamples.duty", error.JsonPath);
    }

    [Fact]
    public void A_negative_window_count_is_refused_at_its_path()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(Session(0.25, 3)))!.AsObject();
        root["cpuSamples"]!["windows"] = -1;
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(root.ToJsonString(), "windows.json"));
        Assert.Equal("$.cpuSamples.windows", error.JsonPath);
    }
}
