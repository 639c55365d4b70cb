using System.Reflection;
using System.Text.Json;

namespace Edm.Profiling.Tests;

/// <summary>
/// The hand-written readers of <c>probes[]</c>, <c>methods[]</c> and <c>callTree[]</c> (the fast path of
/// <see cref="SessionJson"/>) read exactly what the generated code reads: every property, filled by
/// reflection so that a property added later is covered without touching this test.
/// </summary>
public sealed class FastSessionReaderTests
{
    [Theory]
    [InlineData(typeof(MethodStatistics))]
    [InlineData(typeof(CallTreeNode))]
    [InlineData(typeof(ProbeInfo))]
    public void Every_property_survives_the_fast_reader(Type type)
    {
        int seed = 0;
        object value = Fill(type, ref seed);
        string json = JsonSerializer.Serialize(value, type, SessionJsonPlainContext.Default);

        object? fast = JsonSerializer.Deserialize(json, type, SessionJsonContext.Default);
        object? plain = JsonSerializer.Deserialize(json, type, SessionJsonPlainContext.Default);

        // Compared as written by the generated code, which writes every property: a property the fast
        // reader skips comes back at its default and the texts differ.
        string expected = JsonSerializer.Serialize(plain, type, SessionJsonPlainContext.Default);
        Assert.Equal(json, expected);
        Assert.True(
            expected == JsonSerializer.Serialize(fast, type, SessionJsonPlainContext.Default),
            $"{type.Name}JsonConverter does not read every property of {type.Name}: add the new one there.\nwritten: {json}\nread back: {JsonSerializer.Serialize(fast, type, SessionJsonPlainContext.Default)}");
    }

    [Fact]
    public void Nulls_and_absent_optional_blocks_read_as_the_generated_code_reads_them()
    {
        const string Method = """{ "probeId": 3, "calls": 2, "histogram": { "buckets": [], "counts": [] }, "samples": null, "allocations": null, "cpu": null, "io": null, "future": { "x": [1] } }""";
        const string Node = """{ "id": 1, "parentId": null, "probeId": 3, "calls": 2, "allocatedBytes": null }""";
        const string Probe = """{ "id": 1, "name": "M", "file": null, "layer": "detailed", "kind": 1, "unprobedCallSites": [{ "reason": "BaseCall", "sites": 2 }] }""";
        Assert.Equal(JsonSerializer.Deserialize(Probe, SessionJsonPlainContext.Default.ProbeInfo), JsonSerializer.Deserialize(Probe, SessionJsonContext.Default.ProbeInfo));
        Assert.Equal(JsonSerializer.Deserialize(Method, SessionJsonPlainContext.Default.MethodStatistics), JsonSerializer.Deserialize(Method, SessionJsonContext.Default.MethodStatistics));
        Assert.Equal(JsonSerializer.Deserialize(Node, SessionJsonPlainContext.Default.CallTreeNode), JsonSerializer.Deserialize(Node, SessionJsonContext.Default.CallTreeNode));
    }

    [Theory]
    [InlineData("\"calls\": 2,", "\"calls\": \"2\",", "$.methods[0].calls")]
    [InlineData("\"histogram\": {", "\"histogram\": [], \"x\": {", "$.methods[0].histogram")]
    [InlineData("\"selfNs\": 5", "\"selfNs\": 5.5", "$.callTree[0].selfNs")]
    [InlineData("\"layer\": \"Lightweight\"", "\"layer\": \"Heavy\"", "$.probes[0].layer")]
    public void A_value_the_fast_reader_refuses_is_reported_at_its_exact_path(string from, string to, string path)
    {
        string json = SessionJson.Serialize(new SessionReport
        {
            Name = "fast",
            Environment = new EnvironmentInfo(),
            Settings = new SessionSettings(),
            Probes = [new ProbeInfo { Id = 0, Name = "M" }],
            Methods = [new MethodStatistics { ProbeId = 0, Calls = 2, Histogram = new Histogram() }],
            CallTree = [new CallTreeNode { Id = 0, ProbeId = 0, Calls = 2, SelfNs = 5 }],
        });
        int at = json.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, json);
        var e = Assert.Throws<SessionFormatException>(() => SessionJson.Deserialize(string.Concat(json.AsSpan(0, at), to, json.AsSpan(at + from.Length)), "s.json"));
        Assert.Equal(path, e.JsonPath);
    }

    /// <summary>A value with every settable property set to something other than its default.</summary>
    private static object Fill(Type type, ref int seed)
    {
        Type underlying = Nullable.GetUnderlyingType(type) ?? type;
        seed++;
        if (underlying == typeof(long))
        {
            return (long)seed;
        }

        if (underlying == typeof(int))
        {
            return seed;
        }

        if (underlying == typeof(double))
        {
            return seed / 1000.0;
        }

        if (underlying == typeof(bool))
        {
            return true;
        }

        if (underlying == typeof(string))
        {
            return $"s{seed}";
        }

        if (underlying.IsEnum)
        {
            return Enum.GetValues(underlying).GetValue(1)!;
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            Type element = underlying.GetGenericArguments()[0];
            var array = Array.CreateInstance(element, 2);
            array.SetValue(Fill(element, ref seed), 0);
            array.SetValue(Fill(element, ref seed), 1);
            return array;
        }

        if (underlying.GetConstructor(Type.EmptyTypes) is null)
        {
            // A positional record: every constructor parameter filled.
            ConstructorInfo constructor = underlying.GetConstructors().Single();
            object?[] arguments = new object?[constructor.GetParameters().Length];
            for (int i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Fill(constructor.GetParameters()[i].ParameterType, ref seed);
            }

            return constructor.Invoke(arguments);
        }

        object value = Activator.CreateInstance(underlying)!;
        foreach (PropertyInfo property in underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanWrite && property.GetIndexParameters().Length == 0)
            {
                property.SetValue(value, Fill(property.PropertyType, ref seed));
            }
        }

        return value;
    }
}
