using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Edm.Profiling.Tests.Support;
using Json.Schema;

namespace Edm.Profiling.Tests;

/// <summary>
/// Duration samples written packed (<c>samples.packedDurationsNs</c>), integer arrays on one line, and
/// what readers of format 1.1 make of such a file.
/// </summary>
public sealed class PackedSamplesTests
{
    /// <summary>
    /// The 1.1 reader and writer: System.Text.Json with the session options and no converter of ours, which
    /// is what the 1.1 source-generated context was (same types, same options, no custom converter).
    /// </summary>
    internal static readonly JsonSerializerOptions Release11 = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly long[] s_unsorted = [900, 12, 12, 0, 5_000_000_000, 7, long.MaxValue, 0, 31];

    private static SessionReport Session(params long[][] samples) => new()
    {
        Name = "packed",
        StartedAt = DateTimeOffset.UnixEpoch,
        DurationNs = 1_000,
        Environment = new EnvironmentInfo { Os = "Linux", Architecture = "X64", CpuModel = "test", LogicalCores = 2, StopwatchFrequency = 1_000_000_000, MachineFingerprint = "0123456789abcdef" },
        Settings = new SessionSettings { CpuSampleInterval = 1, SampleReservoirSize = 16, TimestampFrequency = 1_000_000_000 },
        Probes = [.. samples.Select((_, i) => new ProbeInfo { Id = i, Name = $"Tests.M{i}()" })],
        Methods = [.. samples.Select((values, i) => new MethodStatistics
        {
            ProbeId = i,
            Calls = values.Length + 10,
            TotalNs = 100,
            InclusiveNs = 100,
            SelfNs = 100,
            MinNs = 1,
            MaxNs = 50,
            MeanNs = 10,
            P50Ns = 9,
            P90Ns = 20,
            P99Ns = 50,
            Histogram = new Histogram { Buckets = [1, 9, 20, 50], Counts = [1, 5, 3, 1 + values.Length] },
            Samples = new DurationSample { Population = values.Length + 10, DurationsNs = values },
        })],
    };

    [Fact]
    public void Packed_values_decode_to_the_values_encoded_in_their_order()
    {
        long[][] cases = [[], [0], [1, 2, 3], s_unsorted, [long.MaxValue, 0, long.MaxValue], [.. Enumerable.Range(0, 1_000).Select(i => (long)i * i)]];
        foreach (long[] values in cases)
        {
            Assert.Equal(values, PackedDurations.Decode(PackedDurations.Encode(values)));
        }
    }

    [Fact]
    public void Sorted_values_take_a_byte_or_two_each()
    {
        long[] sorted = [.. Enumerable.Range(0, 1_000).Select(i => 8_000L + (i * 50))];
        byte[] packed = PackedDurations.Encode(sorted);
        // 8,000 takes two bytes (zigzag 16,000); each step of 50 (zigzag 100) one.
        Assert.Equal(2 + 999, packed.Length);
    }

    [Fact]
    public void Bytes_that_end_inside_a_value_or_overflow_64_bits_do_not_decode()
    {
        Assert.Null(PackedDurations.Decode([0x02, 0x80]));
        Assert.Null(PackedDurations.Decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]));
        Assert.Equal(new[] { long.MaxValue }, PackedDurations.Decode(PackedDurations.Encode([long.MaxValue])));
    }

    [Fact]
    public void A_session_writes_samples_packed_beside_an_empty_durationsNs_and_reads_them_back_unchanged()
    {
        SessionReport session = Session(s_unsorted, [], [42]);
        string json = SessionJson.Serialize(session);
        JsonObject samples = JsonNode.Parse(json)!["methods"]![0]!["samples"]!.AsObject();
        Assert.Empty(samples["durationsNs"]!.AsArray());
        Assert.Equal(s_unsorted, PackedDurations.Decode(Convert.FromBase64String((string)samples["packedDurationsNs"]!)));
        Assert.Null(JsonNode.Parse(json)!["methods"]![1]!["samples"]!["packedDurationsNs"]);

        Assert.Equal(session, SessionJson.Deserialize(json));
    }

    [Fact]
    public void Integer_arrays_are_written_on_one_line()
    {
        string json = SessionJson.Serialize(Session([5, 6]));
        Assert.Contains("\"buckets\": [1,9,20,50]", json, StringComparison.Ordinal);
        Assert.Contains("\"counts\": [1,5,3,3]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_in_the_1_1_layout_reads_as_before()
    {
        SessionReport session = Session(s_unsorted, [3, 1, 2]);
        string release11 = JsonSerializer.Serialize(session, Release11);
        Assert.Contains("\"durationsNs\": [\n", release11.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("packedDurationsNs", release11, StringComparison.Ordinal);

        Assert.Equal(session, SessionJson.Deserialize(release11));
    }

    [Fact]
    public void A_1_1_reader_reads_a_packed_session_with_every_figure_but_the_sampled_values()
    {
        SessionReport session = Session(s_unsorted, [42]);
        string json = SessionJson.Serialize(session);

        SessionReport read = JsonSerializer.Deserialize<SessionReport>(json, Release11)!;

        // The population stays, the values are not seen: comparisons by a 1.1 reader say Unknown for
        // lack of samples, and everything else (histogram, percentiles, tree) is read as written.
        Assert.Equal(session.Methods.Select(m => m.Samples!.Population), read.Methods.Select(m => m.Samples!.Population));
        Assert.All(read.Methods, m => Assert.Empty(m.Samples!.DurationsNs));
        Assert.Equal(session.Methods.Select(m => m with { Samples = null }), read.Methods.Select(m => m with { Samples = null }));
        Assert.Equal(session with { Methods = [] }, read with { Methods = [] });
        Assert.Null(SessionValidator.Validate(read));
    }

    [Fact]
    public void A_packed_session_is_valid_against_the_published_schema()
    {
        JsonElement document = JsonDocument.Parse(SessionJson.Serialize(Session(s_unsorted, [42]))).RootElement;
        EvaluationResults results = SessionSchema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));

        JsonNode broken = JsonNode.Parse(document.GetRawText())!;
        broken["methods"]![0]!["samples"]!["packedDurationsNs"] = "not base64!";
        Assert.False(SessionSchema.Value.Evaluate(JsonSerializer.SerializeToElement(broken)).IsValid);
    }

    [Fact]
    public void Values_in_both_fields_are_one_sample_listed_first_then_packed()
    {
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(Session([7, 8, 9])))!.AsObject();
        root["methods"]![0]!["samples"]!["durationsNs"] = new JsonArray(1, 2);
        SessionReport read = SessionJson.Deserialize(root.ToJsonString());
        Assert.Equal(new long[] { 1, 2, 7, 8, 9 }, read.Methods[0].Samples!.DurationsNs);
    }

    [Theory]
    [InlineData("\"not base64!\"", "packedDurationsNs is not a base64 string")]
    [InlineData("12", "packedDurationsNs is not a base64 string")]
    [InlineData("\"AoA=\"", "packedDurationsNs ends inside a value")]
    [InlineData("\"AQ==\"", "packedDurationsNs holds a negative duration (-1) at 0")]
    public void A_bad_packed_sample_names_the_file_the_place_and_the_problem(string value, string problem)
    {
        string json = SessionJson.Serialize(Session([7, 8, 9])).ReplaceLineEndings("\n");
        int at = json.IndexOf("\"packedDurationsNs\": ", StringComparison.Ordinal) + "\"packedDurationsNs\": ".Length;
        int end = json.IndexOf('\n', at);
        string broken = string.Concat(json.AsSpan(0, at), value, json.AsSpan(end));

        var e = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(broken, "bad.json"));
        Assert.StartsWith("bad.json (line ", e.Message, StringComparison.Ordinal);
        Assert.Equal("$.methods[0].samples", e.JsonPath);
        Assert.Contains("\"packedDurationsNs\": " + value, broken.Split('\n')[(int)e.LineNumber!.Value - 1], StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void The_version_is_judged_before_the_rest_of_the_document_is_read()
    {
        string json = SessionJson.Serialize(Session([7])).Replace($"\"schemaVersion\": \"{SessionReport.CurrentSchemaVersion}\"", "\"schemaVersion\": \"2.0\"", StringComparison.Ordinal);
        string broken = json[..(json.Length / 2)] + "} not JSON";
        var e = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(broken, "future.json"));
        Assert.Contains("schemaVersion 2.0 is not supported", e.Message, StringComparison.Ordinal);
        Assert.Equal("$.schemaVersion", e.JsonPath);
        Assert.Equal(3, e.LineNumber);
    }
}
