using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Tests.Support;
using Json.Schema;

namespace Edm.Profiling.Tests;

/// <summary>
/// Several compilations register one probe: the declaring assembly knows its file and line, each
/// compilation knows its own unprobed uses. The registry keeps what they know together, and the
/// session (format 1.1) carries the counts by reason.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class UnprobedCallSiteTests
{
    private static int s_unique;

    private static string UniqueName(string name) => $"Tests.Unprobed.{name}#{Interlocked.Increment(ref s_unique)}";

    [Fact]
    public void Registrations_of_one_probe_fill_in_the_declaration_and_add_up_their_unprobed_uses()
    {
        string name = UniqueName("IsWhitespace(char)");

        // The calling (test) assembly first: it has no source location and knows two uses of its own.
        int first = Probe.Register(new ProbeDescriptor(name) { Signature = "bool IsWhitespace(char)", UnprobedCallSites = "MethodGroup:2" });
        int second = Probe.Register(new ProbeDescriptor(name) { Signature = "bool IsWhitespace(char)", File = "/src/CharHelper.cs", Line = 12, UnprobedCallSites = "BaseCall:1;MethodGroup:1" });
        int third = Probe.Register(new ProbeDescriptor(name) { File = "/elsewhere.cs", Line = 99 });

        ProbeInfo probe = StopAndFind(name);
        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal("/src/CharHelper.cs", probe.File);
        Assert.Equal(12, probe.Line);
        Assert.Equal([new UnprobedSiteCount("BaseCall", 1), new UnprobedSiteCount("MethodGroup", 3)], probe.UnprobedCallSites!);
        Assert.Equal(4, probe.UnprobedSiteTotal());
    }

    [Fact]
    public void A_first_registration_that_knows_the_declaration_keeps_it()
    {
        string name = UniqueName("Tick()");
        Probe.Register(new ProbeDescriptor(name) { File = "/src/Clock.cs", Line = 6 });
        Probe.Register(new ProbeDescriptor(name));

        ProbeInfo probe = StopAndFind(name);
        Assert.Equal("/src/Clock.cs", probe.File);
        Assert.Equal(6, probe.Line);
        Assert.Null(probe.UnprobedCallSites);
    }

    [Fact]
    public void Malformed_counts_are_skipped_and_never_thrown()
    {
        string name = UniqueName("Odd()");
        Probe.Register(new ProbeDescriptor(name) { UnprobedCallSites = "MethodGroup:x;:3;BaseCall:-1;;ExpressionTree:2;NoColon" });

        Assert.Equal([new UnprobedSiteCount("ExpressionTree", 2)], StopAndFind(name).UnprobedCallSites!);
    }

    [Fact]
    public void The_counts_travel_through_json_valid_against_the_schema_and_bad_counts_are_refused()
    {
        string name = UniqueName("Grouped()");
        Probe.Register(new ProbeDescriptor(name) { UnprobedCallSites = "MethodGroup:65" });
        SessionReport report = Stop();
        string json = SessionJson.Serialize(report);

        SessionReport read = SessionJson.Deserialize(json);
        Assert.Equal(report, read);
        JsonNode document = JsonNode.Parse(json)!;
        int index = document["probes"]!.AsArray().Select((p, i) => (p, i)).Single(x => (string?)x.p!["name"] == name).i;
        JsonNode counts = document["probes"]![index]!["unprobedCallSites"]!;
        Assert.Equal("""[{"reason":"MethodGroup","sites":65}]""", counts.ToJsonString());
        JsonSchema schema = SessionSchema.Value;
        Assert.True(schema.Evaluate(JsonSerializer.SerializeToElement(document)).IsValid);

        counts[0]!["sites"] = 0;
        Assert.False(schema.Evaluate(JsonSerializer.SerializeToElement(document)).IsValid);
        var error = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(document.ToJsonString(), "zero.json"));
        Assert.Equal($"$.probes[{index}].unprobedCallSites[0].sites", error.JsonPath);
        Assert.Contains("sites must be positive (0)", error.Message, StringComparison.Ordinal);

        counts[0]!["sites"] = 1;
        counts[0]!["reason"] = "";
        Assert.Equal($"$.probes[{index}].unprobedCallSites[0]", Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(document.ToJsonString(), "noreason.json")).JsonPath);
    }

    [Fact]
    public void A_session_of_format_1_0_still_loads()
    {
        string name = UniqueName("Old()");
        Probe.Register(new ProbeDescriptor(name));
        JsonObject root = JsonNode.Parse(SessionJson.Serialize(Stop()))!.AsObject();
        root["schemaVersion"] = "1.0";
        foreach (JsonNode? probe in root["probes"]!.AsArray())
        {
            probe!.AsObject().Remove("unprobedCallSites"); // other tests' probes share the process
        }

        SessionReport read = SessionJson.Deserialize(root.ToJsonString(), "old.json");
        Assert.Equal("1.0", read.SchemaVersion);
        Assert.All(read.Probes, p => Assert.Null(p.UnprobedCallSites));
    }

    private static SessionReport Stop()
    {
        using ProfilingSession session = Profiler.StartSession("unprobed");
        return session.Stop();
    }

    private static ProbeInfo StopAndFind(string name) => Stop().Probes.Single(p => p.Name == name);
}
