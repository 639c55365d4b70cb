using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Tests.Support;
using Json.Schema;

namespace Edm.Profiling.Tests;

/// <summary>The <c>allocationSamples</c> section (format 1.3): serialised, schema-valid, read back equal, checked on read; older sessions load without it.</summary>
[Collection(ProfilerCollection.Name)]
public sealed class AllocationSamplesFormatTests
{
    /// <summary>A real (empty) session's environment and settings, so the whole file meets the schema.</summary>
    private static readonly Lazy<SessionReport> s_empty = new(() => Profiler.StartSession("allocations").Stop());

    private static SessionReport Report() => s_empty.Value with
    {
        Probes = [new ProbeInfo { Id = 0, Name = "App.Work.Run()" }],
        CallTree = [new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1 }],
        AllocationSamples = new AllocationSamples
        {
            Source = "AllocationSampled",
            Mode = "in-process",
            MeanIntervalBytes = 102_400,
            Events = 12,
            EstimatedBytes = 1_300_000,
            EstimatedObjects = 20_010,
            Types = [new AllocatedType { Name = "System.Byte[]", EstimatedBytes = 1_000_000, EstimatedObjects = 10, Events = 9 }, new AllocatedType { Name = "App.Foo", EstimatedBytes = 300_000, EstimatedObjects = 20_000, Events = 3 }],
            Sites = [new AllocationSite { Method = "App.Work.Run()", File = "/src/Work.cs", Line = 12, TopType = "System.Byte[]", EstimatedBytes = 1_000_000, EstimatedObjects = 10, Events = 9 }],
            Probes = [new ProbeAllocations
            {
                ProbeId = 0,
                EstimatedBytes = 1_300_000,
                SelfEstimatedBytes = 1_300_000,
                TopTypes = [new AllocatedType { Name = "System.Byte[]", EstimatedBytes = 1_000_000, EstimatedObjects = 10, Events = 9 }],
                TopSites = [new AllocationSite { Method = "App.Work.Run()", Line = 12, EstimatedBytes = 1_000_000, EstimatedObjects = 10, Events = 9 }],
            }],
            Paths = [new AllocationPath { CallTreeNodeId = 0, EstimatedBytes = 1_300_000, EstimatedObjects = 20_010, TopType = "System.Byte[]" }],
            Frames = [new SampledFrame { Name = "App.Work.MakeFoo()", Module = "App", File = "/src/Work.cs" }],
            Nodes = [new AllocationNode { Id = 0, CallTreeNodeId = 0, FrameId = 0, EstimatedBytes = 300_000, SelfEstimatedBytes = 300_000, TopType = "App.Foo" }],
        },
    };

    [Fact]
    public void The_section_is_written_in_camel_case_follows_the_schema_and_reads_back_equal()
    {
        SessionReport report = Report();
        string json = SessionJson.Serialize(report);
        JsonObject section = JsonNode.Parse(json)!["allocationSamples"]!.AsObject();
        Assert.Equal("AllocationSampled", (string?)section["source"]);
        Assert.Equal(1_300_000, (long)section["estimatedBytes"]!);
        Assert.Equal(12, (int)section["sites"]![0]!["line"]!);
        Assert.Equal(300_000, (long)section["nodes"]![0]!["selfEstimatedBytes"]!);
        Assert.Equal(0, (int)section["paths"]![0]!["callTreeNodeId"]!);

        EvaluationResults result = SessionSchema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));
        Assert.Equal(report, SessionJson.Deserialize(json));
    }

    public static TheoryData<string, string, string> BadSections => new()
    {
        { "unknown probe", "$.allocationSamples.probes[0].probeId=7", "$.allocationSamples.probes[0].probeId" },
        { "unknown frame", "$.allocationSamples.nodes[0].frameId=3", "$.allocationSamples.nodes[0].frameId" },
        { "unknown call-tree node", "$.allocationSamples.paths[0].callTreeNodeId=9", "$.allocationSamples.paths[0].callTreeNodeId" },
        { "parent after child", "$.allocationSamples.nodes[0].parentId=0", "$.allocationSamples.nodes[0].parentId" },
        { "self above total", "$.allocationSamples.nodes[0].selfEstimatedBytes=400000", "$.allocationSamples.nodes[0]" },
        { "negative type bytes", "$.allocationSamples.types[1].estimatedBytes=-1", "$.allocationSamples.types[1]" },
        { "line zero", "$.allocationSamples.sites[0].line=0", "$.allocationSamples.sites[0]" },
    };

    [Theory]
    [MemberData(nameof(BadSections))]
    public void A_section_with_a_bad_id_or_count_is_refused_naming_the_field(string name, string edit, string expectedPath)
    {
        JsonNode root = JsonNode.Parse(SessionJson.Serialize(Report()))!;
        string[] assignment = edit.Split('=');
        string[] steps = assignment[0]["$.".Length..].Split('.');
        JsonNode target = root;
        foreach (string step in steps[..^1])
        {
            target = Step(target, step);
        }

        string last = steps[^1];
        target.AsObject()[last] = JsonNode.Parse(assignment[1]);
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(root.ToJsonString(), name + ".json"));
        Assert.Equal(expectedPath, error.JsonPath);
    }

    [Fact]
    public void A_1_2_session_without_the_section_still_loads()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(Report() with { AllocationSamples = null }))!.AsObject();
        root["schemaVersion"] = "1.2";
        Assert.False(root.ContainsKey("allocationSamples"));
        SessionReport read = SessionJson.Deserialize(root.ToJsonString());
        Assert.Null(read.AllocationSamples);
        Assert.Equal("1.2", read.SchemaVersion);
    }

    [Fact]
    public void A_section_written_before_paths_existed_reads_with_no_paths()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(Report()))!.AsObject();
        root["allocationSamples"]!.AsObject().Remove("paths");
        Assert.Empty(SessionJson.Deserialize(root.ToJsonString()).AllocationSamples!.Paths);
    }

    private static JsonNode Step(JsonNode node, string step)
    {
        int bracket = step.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[step]!;
        }

        int index = int.Parse(step[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[step[..bracket]]![index]!;
    }
}
