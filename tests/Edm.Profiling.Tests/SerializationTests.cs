using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Tests.Support;
using Json.Schema;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class SerializationTests
{
    private static readonly Lazy<SessionReport> s_sample = new(RecordSample);

    private static SessionReport RecordSample()
    {
        int outer = ProbeHarness.Register("SerializedOuter", Layer.Detailed);
        int inner = ProbeHarness.Register("SerializedInner");
        using ProfilingSession session = Profiler.StartSession(
            "serialization",
            new SessionOptions { SampleReservoirSize = 16, RecordTimeline = true, CpuSampleInterval = 1 });
        for (int i = 0; i < 40; i++)
        {
            ProbeHarness.Call(outer, () => ProbeHarness.Call(inner, () => GC.KeepAlive(new int[i])));
        }

        using (Profiler.Scope("Tests.serialized scope"))
        {
            File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"edm-{Guid.NewGuid():N}.tmp"), new byte[10]);
        }

        return session.Stop();
    }

    [Fact]
    public void A_report_read_back_from_json_equals_the_report_written()
    {
        SessionReport report = s_sample.Value;
        SessionReport read = SessionJson.Deserialize(SessionJson.Serialize(report));
        Assert.Equal(report, read);
        Assert.NotNull(read.Timeline);
        Assert.Contains(read.Methods, m => m.Samples is { DurationsNs.Count: 16, Population: 40 });
        Assert.Contains(read.Methods, m => m.Cpu is not null && m.Allocations is not null);
    }

    [Fact]
    public void A_changed_report_does_not_equal_the_original()
    {
        SessionReport report = s_sample.Value;
        SessionReport changed = report with { Methods = [.. report.Methods.Select((m, i) => i == 0 ? m with { Calls = m.Calls + 1 } : m)] };
        Assert.NotEqual(report, changed);
    }

    [Fact]
    public void Written_json_uses_the_documented_names_and_units()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(s_sample.Value))!.AsObject();
        Assert.Equal(SessionReport.SchemaId, (string?)root["$schema"]);
        Assert.Equal("1.3", (string?)root["schemaVersion"]);
        JsonObject method = root["methods"]![0]!.AsObject();
        Assert.Equal(JsonValueKind.Number, method["inclusiveNs"]!.GetValueKind());
        Assert.Equal("Detailed", (string?)root["probes"]!.AsArray().First(p => ((string)p!["name"]!).Contains("SerializedOuter", StringComparison.Ordinal))!["layer"]);
    }

    [Fact]
    public void Written_sessions_are_valid_against_the_published_json_schema()
    {
        JsonSchema schema = SessionSchema.Value;
        JsonNode document = JsonNode.Parse(SessionJson.Serialize(s_sample.Value))!;
        EvaluationResults results = schema.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));

        document["methods"]![0]!["calls"] = -1;
        Assert.False(schema.Evaluate(JsonSerializer.SerializeToElement(document)).IsValid);
    }

    [Fact]
    public void A_newer_minor_version_with_unknown_fields_loads()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(s_sample.Value))!.AsObject();
        root["schemaVersion"] = "1.7";
        root["somethingNew"] = new JsonObject { ["nested"] = 1 };
        root["methods"]![0]!.AsObject()["futureMetric"] = 12.5;
        SessionReport read = SessionJson.Deserialize(root.ToJsonString());
        Assert.Equal("1.7", read.SchemaVersion);
        Assert.Equal(s_sample.Value.Methods, read.Methods);
    }

    public static TheoryData<string, string, string> MalformedCases => new()
    {
        { "empty", "", "$" },
        { "truncated", "TRUNCATE", "" },
        { "wrong type", "$.methods[0].calls=\"three\"", "$.methods[0].calls" },
        { "NaN", "RAW:\"durationNs\": NaN", "" },
        { "negative count", "$.methods[0].calls=-5", "$.methods[0].calls" },
        { "duplicate probe ids", "$.probes[1].id=DUP", "$.probes[1].id" },
        { "unknown major version", "$.schemaVersion=\"2.0\"", "$.schemaVersion" },
        { "not a session", "RAW-DOC:[1, 2, 3]", "$" },
        { "missing name", "REMOVE:name", "" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_sessions_fail_with_our_exception_naming_file_and_position(string name, string edit, string expectedPath)
    {
        string json = Corrupt(SessionJson.Serialize(s_sample.Value), edit);
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(json, $"{name}.json"));
        Assert.Equal($"{name}.json", error.Source);
        Assert.NotNull(error.LineNumber);
        Assert.NotNull(error.BytePositionInLine);
        Assert.NotNull(error.JsonPath);
        Assert.StartsWith($"{name}.json (line ", error.Message, StringComparison.Ordinal);
        if (expectedPath.Length > 0)
        {
            Assert.Equal(expectedPath, error.JsonPath);
        }

        if (name == "unknown major version")
        {
            Assert.Contains("2.0 is not supported", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_position_of_a_value_problem_points_at_the_value()
    {
        string json = Corrupt(SessionJson.Serialize(s_sample.Value), "$.methods[0].calls=-5");
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(json, "x.json"));
        string line = json.Split('\n')[(int)error.LineNumber!.Value - 1];
        Assert.Equal("-5", line[(int)error.BytePositionInLine!.Value..].TrimEnd(',', '\r'));
    }

    [Fact]
    public void Reading_a_missing_file_or_a_directory_names_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"edm-missing-{Guid.NewGuid():N}.json");
        Assert.Contains("file not found", Assert.Throws<SessionFormatException>(() => SessionJson.ReadFile(missing)).Message, StringComparison.Ordinal);
        Assert.Contains("is a directory", Assert.Throws<SessionFormatException>(() => SessionJson.ReadFile(Path.GetTempPath())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_file_replaces_it_whole()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edm-session-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, "old");
            SessionJson.WriteFile(s_sample.Value, path);
            Assert.Equal(s_sample.Value, SessionJson.ReadFile(path));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Corrupt(string json, string edit)
    {
        if (edit == "TRUNCATE")
        {
            return json[..(json.Length / 2)];
        }

        if (edit.StartsWith("RAW:", StringComparison.Ordinal))
        {
            string replacement = edit[4..];
            string key = replacement[..replacement.IndexOf(':', StringComparison.Ordinal)];
            int start = json.IndexOf(key, StringComparison.Ordinal);
            int end = json.IndexOf(',', start);
            return string.Concat(json.AsSpan(0, start), replacement, json.AsSpan(end));
        }

        if (edit.StartsWith("RAW-DOC:", StringComparison.Ordinal))
        {
            return edit[8..];
        }

        if (edit.Length == 0)
        {
            return "";
        }

        JsonObject root = JsonNode.Parse(json)!.AsObject();
        if (edit.StartsWith("REMOVE:", StringComparison.Ordinal))
        {
            root.Remove(edit[7..]);
            return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }

        int equals = edit.IndexOf('=', StringComparison.Ordinal);
        string path = edit[2..equals];
        string value = edit[(equals + 1)..];
        JsonNode target = root;
        string[] parts = path.Split('.');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            target = Step(target, parts[i]);
        }

        string last = parts[^1];
        JsonNode? newValue = value == "DUP" ? JsonValue.Create((int)root["probes"]![0]!["id"]!) : JsonNode.Parse(value);
        target.AsObject()[last] = newValue;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        static JsonNode Step(JsonNode node, string part)
        {
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            return bracket < 0 ? node[part]! : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }
    }
}
