using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Edm.Profiling.Tests;

/// <summary>
/// The load path of a session file (<see cref="SessionJson.ReadFile"/>): the file read into a pooled
/// buffer, samples kept packed as read (<see cref="PackedDurationList"/>) and decoded on first use.
/// Random sessions go through today's layout and the 1.0–1.2 ones and come back equal; damaged packed
/// samples are refused with the file and the place named.
/// </summary>
public sealed class SessionLoadTests
{
    /// <summary>How a file was written: today's writer, or the one-element-a-line writer of 1.0–1.1 under each version it wrote.</summary>
    public static TheoryData<string> Layouts => ["packed", "1.0", "1.1", "1.2"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Random_sessions_read_back_equal_from_a_file_of_any_layout(string layout)
    {
        using var directory = new TempDirectory();
        for (int seed = 1; seed <= 25; seed++)
        {
            SessionReport session = RandomSession(seed, layout == "packed" ? SessionReport.CurrentSchemaVersion : layout);
            string path = directory.File($"{layout}-{seed}.json");
            Write(session, path, layout);

            SessionReport read = SessionJson.ReadFile(path);
            Assert.Equal(session, read);
            Assert.Equal(session.Methods.Select(m => m.Samples?.DurationsNs.ToArray()), read.Methods.Select(m => m.Samples?.DurationsNs.ToArray()));

            // Written again (packed samples as read) and read again: the same session, the same bytes as
            // today's writer makes of the original.
            string again = directory.File($"{layout}-{seed}-again.json");
            SessionJson.WriteFile(read, again);
            Assert.Equal(session, SessionJson.ReadFile(again));
            Assert.Equal(SessionJson.Serialize(session), File.ReadAllText(again));
        }
    }

    [Fact]
    public void Samples_read_packed_are_kept_packed_and_decode_to_the_values_written()
    {
        long[] unsorted = [900, 12, 12, 0, 5_000_000_000, 7, long.MaxValue, 0, 31];
        SessionReport read = SessionJson.Deserialize(SessionJson.Serialize(RandomSession(3, SessionReport.CurrentSchemaVersion) with
        {
            Methods = [RandomSession(3, SessionReport.CurrentSchemaVersion).Methods[0] with { Samples = new DurationSample { Population = 100, DurationsNs = unsorted } }],
        }));

        var packed = Assert.IsType<PackedDurationList>(read.Methods[0].Samples!.DurationsNs);
        Assert.Equal(unsorted.Length, packed.Count);
        Assert.Equal(unsorted, packed);
        Assert.Equal(unsorted[6], packed[6]);
        Assert.Equal(PackedDurations.Encode(unsorted), packed.Packed.ToArray());
    }

    [Fact]
    public void Packed_bytes_are_written_again_as_read_even_when_another_encoding_of_the_same_values_is_shorter()
    {
        // 0 written in two bytes (0x80 0x00, a redundant continuation), then +2: decodes to [0, 2].
        string base64 = Convert.ToBase64String([0x80, 0x00, 0x04]);
        string json = WithPackedValue(SessionJson.Serialize(RandomSession(4, SessionReport.CurrentSchemaVersion)), $"\"{base64}\"");

        SessionReport read = SessionJson.Deserialize(json);
        Assert.Equal(new long[] { 0, 2 }, read.Methods[0].Samples!.DurationsNs);
        Assert.Equal(base64, (string)JsonNode.Parse(SessionJson.Serialize(read))!["methods"]![0]!["samples"]!["packedDurationsNs"]!);
    }

    [Fact]
    public void An_escaped_packed_string_reads_as_the_plain_one()
    {
        string json = SessionJson.Serialize(RandomSession(5, SessionReport.CurrentSchemaVersion));
        JsonNode samples = JsonNode.Parse(json)!["methods"]![0]!["samples"]!;
        string base64 = (string)samples["packedDurationsNs"]!;
        string escaped = WithPackedValue(json, $"\"\\u{(int)base64[0]:x4}{base64[1..]}\"");

        Assert.Contains("\\u00", escaped, StringComparison.Ordinal);
        Assert.Equal(SessionJson.Deserialize(json), SessionJson.Deserialize(escaped));
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0x80 }, "packedDurationsNs ends inside a value or holds a value beyond 64 bits")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02 }, "packedDurationsNs ends inside a value or holds a value beyond 64 bits")]
    [InlineData(new byte[] { 0x0A, 0x0D }, "packedDurationsNs holds a negative duration (-2) at 1")]
    public void A_file_with_damaged_packed_samples_is_refused_naming_the_file_the_place_and_the_problem(byte[] packed, string problem)
    {
        using var directory = new TempDirectory();
        string path = directory.File("damaged.json");
        SessionReport session = RandomSession(6, SessionReport.CurrentSchemaVersion);
        int victim = session.Methods.Count - 1;
        JsonNode root = JsonNode.Parse(SessionJson.Serialize(session))!;
        root["methods"]![victim]!["samples"] = new JsonObject { ["population"] = 10, ["durationsNs"] = new JsonArray(), ["packedDurationsNs"] = Convert.ToBase64String(packed) };
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var e = Assert.Throws<SessionFormatException>(() => SessionJson.ReadFile(path));
        Assert.StartsWith(path + " (line ", e.Message, StringComparison.Ordinal);
        Assert.Equal($"$.methods[{victim}].samples", e.JsonPath);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_negative_duration_in_a_plain_list_is_still_refused_at_its_index()
    {
        SessionReport session = RandomSession(7, "1.1");
        string json = JsonSerializer.Serialize(session with
        {
            Methods = [session.Methods[0] with { Samples = new DurationSample { Population = 10, DurationsNs = [4, -5, 6] } }, .. session.Methods.Skip(1)],
        }, PackedSamplesTests.Release11);

        var e = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(json, "plain.json"));
        Assert.Equal("$.methods[0].samples.durationsNs[1]", e.JsonPath);
        Assert.Contains("duration is negative (-5)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_095)]
    [InlineData(4_096)]
    [InlineData(4_097)]
    [InlineData((1 << 20) + 3)]
    public void A_pooled_read_gives_the_file_bytes_exactly(int length)
    {
        using var directory = new TempDirectory();
        string path = directory.File("bytes.bin");
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        using PooledFileBytes read = PooledFileBytes.Read(path);
        Assert.Equal(length, read.Length);
        Assert.True(read.Span.SequenceEqual(bytes));
    }

    [Fact]
    public void Missing_files_and_directories_are_refused_as_before()
    {
        using var directory = new TempDirectory();
        string missing = directory.File("missing.json");
        Assert.Equal($"{missing}: file not found", Assert.Throws<SessionFormatException>(() => SessionJson.ReadFile(missing)).Message);
        Assert.Contains("is a directory", Assert.Throws<SessionFormatException>(() => SessionJson.ReadFile(directory.Path)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => PooledFileBytes.Read(missing));
    }

    [Fact]
    public void Enum_names_are_read_exactly_and_anything_else_is_left_to_the_serializer()
    {
        foreach (ProbeKind kind in Enum.GetValues<ProbeKind>())
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"\"{kind}\""));
            reader.Read();
            Assert.True(EnumNames<ProbeKind>.TryRead(ref reader, out ProbeKind read));
            Assert.Equal(kind, read);
        }

        foreach (string other in new[] { "\"detailed\"", "1", "\"\\u0044etailed\"", "\"Heavy\"" })
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(other));
            reader.Read();
            Assert.False(EnumNames<Layer>.TryRead(ref reader, out _));
        }
    }

    /// <summary>Replaces the first <c>packedDurationsNs</c> value of <paramref name="json"/> (a whole line of the indented document).</summary>
    private static string WithPackedValue(string json, string value)
    {
        json = json.ReplaceLineEndings("\n");
        int at = json.IndexOf("\"packedDurationsNs\": ", StringComparison.Ordinal) + "\"packedDurationsNs\": ".Length;
        Assert.True(at > 20, "no packed samples in the document");
        return string.Concat(json.AsSpan(0, at), value, json.AsSpan(json.IndexOf('\n', at)));
    }

    private static void Write(SessionReport session, string path, string layout)
    {
        if (layout == "packed")
        {
            SessionJson.WriteFile(session, path);
        }
        else
        {
            File.WriteAllText(path, JsonSerializer.Serialize(session, PackedSamplesTests.Release11));
        }
    }

    /// <summary>A valid session of random size and content: samples empty, sorted, unsorted, with huge values, histograms sparse.</summary>
    private static SessionReport RandomSession(int seed, string version)
    {
        var random = new Random(seed);
        int probes = random.Next(1, 30);
        var methods = new MethodStatistics[probes];
        for (int id = 0; id < probes; id++)
        {
            long[] durations = new long[random.Next(0, 4) == 0 ? 0 : random.Next(1, 300)];
            for (int i = 0; i < durations.Length; i++)
            {
                durations[i] = random.Next(10) switch
                {
                    0 => random.NextInt64(long.MaxValue / 2, long.MaxValue),
                    1 => 0,
                    _ => random.NextInt64(0, 1L << random.Next(1, 40)),
                };
            }

            if (random.Next(3) > 0)
            {
                Array.Sort(durations);
            }

            int[] buckets = [.. Enumerable.Range(0, LatencyHistogram.BucketCount).Where(_ => random.Next(40) == 0)];
            methods[id] = new MethodStatistics
            {
                ProbeId = id,
                Calls = durations.Length + random.Next(0, 1_000),
                InclusiveNs = random.NextInt64(0, 1L << 50),
                SelfNs = random.NextInt64(0, 1L << 40),
                MinNs = 1,
                MaxNs = 2 + random.Next(1_000_000),
                P50Ns = random.Next(1_000),
                Histogram = new Histogram { Buckets = buckets, Counts = [.. buckets.Select(_ => random.NextInt64(0, 1L << 40))] },
                Samples = random.Next(8) == 0 ? null : new DurationSample { Population = durations.Length + random.NextInt64(0, 1L << 40), DurationsNs = durations },
                Allocations = random.Next(2) == 0 ? null : new AllocationStatistics { Calls = 3, AllocatedBytes = random.Next(), Approximate = random.Next(2) == 0 },
            };
        }

        return new SessionReport
        {
            SchemaVersion = version,
            Name = $"random {seed}",
            StartedAt = DateTimeOffset.UnixEpoch.AddSeconds(seed),
            DurationNs = random.NextInt64(0, long.MaxValue),
            Environment = new EnvironmentInfo { Os = "Linux", Architecture = "X64", LogicalCores = 2, StopwatchFrequency = 1_000_000_000 },
            Settings = new SessionSettings { SampleReservoirSize = 300, TimestampFrequency = 1_000_000_000 },
            Probes = [.. Enumerable.Range(0, probes).Select(id => new ProbeInfo { Id = id, Name = $"N{seed}.T.M{id}()", Layer = (Layer)(id % 2), Kind = (ProbeKind)(id % 5) })],
            Methods = methods,
            CallTree = [.. Enumerable.Range(0, probes).Select(id => new CallTreeNode { Id = id, ParentId = id == 0 ? null : random.Next(id), ProbeId = id, Calls = 1 + id })],
        };
    }
}
