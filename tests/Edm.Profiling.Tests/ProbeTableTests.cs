namespace Edm.Profiling.Tests;

/// <summary>
/// <see cref="Probe.RegisterAll(string)"/>, the form generated interceptor classes register their probes with:
/// one table, the same descriptors and ids as a <see cref="Probe.Register(ProbeDescriptor)"/> call per probe.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class ProbeTableTests
{
    private static int s_unique;

    private static string UniqueName(string name) => $"Tests.Table.{name}#{Interlocked.Increment(ref s_unique)}";

    [Fact]
    public void A_table_registers_each_record_with_every_field_and_in_order()
    {
        string first = UniqueName("Parse(string)");
        string second = UniqueName("LoadAsync()");
        int[] ids = Probe.RegisterAll(
            $"{first}\u001fLib.Parser\u001fint Parse(string)\u001f/src/Parser.cs\u001f12\u001f1\u001f0\u001fio\u001f0\u001e"
            + $"{second}\u001fLib.Store\u001fTask LoadAsync()\u001f\u001f0\u001f0\u001f1\u001f\u001f1");

        Assert.Equal(2, ids.Length);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(
            new ProbeDescriptor(first) { DeclaringType = "Lib.Parser", Signature = "int Parse(string)", File = "/src/Parser.cs", Line = 12, Layer = Layer.Detailed, Kind = ProbeKind.Method, Category = "io", Sampling = false },
            ProbeRegistry.Get(ids[0]));
        Assert.Equal(
            new ProbeDescriptor(second) { DeclaringType = "Lib.Store", Signature = "Task LoadAsync()", Kind = ProbeKind.AsyncMethod },
            ProbeRegistry.Get(ids[1]));
    }

    [Fact]
    public void A_table_record_with_a_registered_name_gets_its_id_and_fills_in_the_declaration()
    {
        string name = UniqueName("IsWhitespace(char)");
        int earlier = Probe.Register(new ProbeDescriptor(name) { Signature = "bool IsWhitespace(char)" });

        int[] ids = Probe.RegisterAll($"{name}\u001fLib.CharHelper\u001fbool IsWhitespace(char)\u001f/src/CharHelper.cs\u001f7\u001f0\u001f0\u001f\u001f1");

        Assert.Equal([earlier], ids);
        Assert.Equal(("/src/CharHelper.cs", 7), (ProbeRegistry.Get(earlier).File, ProbeRegistry.Get(earlier).Line));
    }
}
