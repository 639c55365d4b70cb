using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Tests.Support;
using Json.Schema;

namespace Edm.Profiling.Tests;

/// <summary>The 1.3 memory fields <c>gc</c> and <c>methods[].heapDelta</c>: written, schema-valid, checked on reading, and absent from older files.</summary>
[Collection(ProfilerCollection.Name)]
public sealed class GcFormatTests
{
    private static readonly Lazy<SessionReport> s_sample = new(RecordSample);

    private static SessionReport RecordSample()
    {
        using ProfilingSession session = Profiler.StartSession("gc-format");
        using (Profiler.Scope("Tests.gc format scope"))
        {
            GC.KeepAlive(new byte[100_000]);
        }

        var heap = new HeapSizes { Gen0Bytes = 10, Gen1Bytes = 20, Gen2Bytes = 30, LohBytes = 40, PohBytes = 50 };
        return session.Stop() with
        {
            Gc = new GcActivity
            {
                Source = "eventpipe",
                SeriesIntervalNs = 100_000_000,
                Collections =
                [
                    new GcEvent { Number = 7, Generation = 2, Reason = "Induced", Type = "NonConcurrent", StartNs = 5, PauseNs = 3, HeapAfter = heap, PromotedBytes = 60, FragmentationBytes = 8 },
                    new GcEvent { Number = 8, Generation = 0, Reason = "AllocSmall", StartNs = 9 },
                ],
                HeapSeries =
                [
                    new HeapPoint { AtNs = 0, ManagedBytes = 400, WorkingSetBytes = 4096 },
                    new HeapPoint { AtNs = 8, ManagedBytes = 150, Generations = heap },
                    new HeapPoint { AtNs = 8, ManagedBytes = 160, WorkingSetBytes = 8192 },
                ],
            },
        };
    }

    [Fact]
    public void A_session_with_gc_and_heap_delta_reads_back_equal_and_is_valid_against_the_schema()
    {
        SessionReport report = s_sample.Value;
        Assert.NotNull(report.FindMethod("Tests.gc format scope")!.HeapDelta);
        string json = SessionJson.Serialize(report);
        Assert.Equal(report, SessionJson.Deserialize(json));

        JsonNode document = JsonNode.Parse(json)!;
        Assert.Equal(8, (long)document["gc"]!["collections"]![0]!["fragmentationBytes"]!);
        Assert.Null(document["gc"]!["collections"]![1]!["heapAfter"]); // not reported: left out, not zero
        Assert.Equal(40, (long)document["gc"]!["heapSeries"]![1]!["generations"]!["lohBytes"]!);
        EvaluationResults results = SessionSchema.Value.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));

        document["gc"]!["collections"]![0]!["generation"] = 3;
        Assert.False(SessionSchema.Value.Evaluate(JsonSerializer.SerializeToElement(document)).IsValid);
    }

    [Theory]
    [InlineData("negative heap size", "collections", 0, "heapAfter.gen2Bytes", -1, "$.gc.collections[0].heapAfter.gen2Bytes")]
    [InlineData("negative pause", "collections", 1, "pauseNs", -4, "$.gc.collections[1].pauseNs")]
    [InlineData("no such generation", "collections", 1, "generation", 5, "$.gc.collections[1].generation")]
    [InlineData("series out of order", "heapSeries", 2, "atNs", 1, "$.gc.heapSeries[2].atNs")]
    [InlineData("negative working set", "heapSeries", 0, "workingSetBytes", -4096, "$.gc.heapSeries[0].workingSetBytes")]
    public void A_damaged_gc_section_is_refused_at_its_path(string name, string array, int index, string field, long value, string expectedPath)
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(s_sample.Value))!.AsObject();
        JsonNode target = root["gc"]![array]![index]!;
        string[] parts = field.Split('.');
        foreach (string part in parts[..^1])
        {
            target = target[part]!;
        }

        target[parts[^1]] = value;
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(root.ToJsonString(), $"{name}.json"));
        Assert.Equal(expectedPath, error.JsonPath);
    }

    [Fact]
    public void A_heap_delta_whose_minimum_exceeds_its_maximum_is_refused()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(s_sample.Value))!.AsObject();
        JsonArray methods = root["methods"]!.AsArray();
        int index = methods.IndexOf(methods.First(m => m!["heapDelta"] is not null));
        JsonNode delta = methods[index]!["heapDelta"]!;
        delta["minManagedHeapDeltaBytes"] = (long)delta["maxManagedHeapDeltaBytes"]! + 1;
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(root.ToJsonString(), "delta.json"));
        Assert.Equal($"$.methods[{index}].heapDelta.minManagedHeapDeltaBytes", error.JsonPath);
    }

    [Fact]
    public void A_1_2_session_without_memory_fields_still_loads()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(s_sample.Value))!.AsObject();
        root["schemaVersion"] = "1.2";
        root.Remove("gc");
        foreach (JsonNode? method in root["methods"]!.AsArray())
        {
            method!.AsObject().Remove("heapDelta");
        }

        SessionReport read = SessionJson.Deserialize(root.ToJsonString());
        Assert.Equal("1.2", read.SchemaVersion);
        Assert.Null(read.Gc);
        Assert.All(read.Methods, m => Assert.Null(m.HeapDelta));
        Assert.Equal(s_sample.Value.Methods.Select(m => m.Calls), read.Methods.Select(m => m.Calls));
    }
}
