using System.Reflection;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// An interceptor class registers its probes from one table (<c>Probe.RegisterAll</c>); a probe the table cannot
/// carry (a separator in its texts, an empty category) registers on its own. Either way the session must name
/// every probe with every fact the generator knows, and count its calls.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class ProbeTableTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        namespace Lib;
        public static class Work
        {
            [Edm.Profiling.Profile(Edm.Profiling.Layer.Detailed, Category = "io")] public static int Plain(int x) => x + 1;
            [Edm.Profiling.Profile(Sampling = false)] public static async Task<int> LaterAsync(int x) { await Task.Yield(); return x; }
            [Edm.Profiling.Profile] public static IEnumerable<int> Range(int n) { for (int i = 0; i < n; i++) yield return i; }
            [Edm.Profiling.Profile(Category = "")] public static int EmptyCategory() => 2;
            [Edm.Profiling.Profile(Name = "odd\u001fname\u001e")] public static int OddName() => 3;
        }
        public static class Caller
        {
            public static int Go()
            {
                int total = Work.Plain(1) + Work.LaterAsync(2).GetAwaiter().GetResult() + Work.EmptyCategory() + Work.OddName();
                foreach (int i in Work.Range(3)) total += i;
                return total;
            }
        }
        """;

    [Fact]
    public void Probes_in_the_table_and_on_their_own_are_registered_with_every_fact_and_counted()
    {
        (Compilation output, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([Source], profiling: true, "ProbeTable"), profiling: true);
        string generated = string.Concat(result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Equal(
            ["Lib.Work.LaterAsync(int)", "Lib.Work.Plain(int)", "Lib.Work.Range(int)"],
            ProbeTables.Records([generated]).Select(fields => fields[0]).Order(StringComparer.Ordinal));
        Assert.Equal(2, generated.Split("Probe.Register(").Length - 1);

        Assembly assembly = Assembly.Load(GeneratorHarness.Emit(output));
        SessionReport report;
        using (ProfilingSession session = Profiler.StartSession("probe table"))
        {
            Assert.Equal(2 + 2 + 2 + 3 + 3, assembly.GetType("Lib.Caller")!.GetMethod("Go")!.Invoke(null, null));
            report = session.Stop();
        }

        ProbeInfo plain = Probe(report, "Lib.Work.Plain(int)");
        Assert.Equal(("Lib.Work", "int Plain(int)", "/src/File0.cs", 6, Layer.Detailed, "io", ProbeKind.Method), (plain.DeclaringType, plain.Signature, plain.File, plain.Line, plain.Layer, plain.Category, plain.Kind));
        ProbeInfo later = Probe(report, "Lib.Work.LaterAsync(int)");
        Assert.Equal((Layer.Lightweight, (string?)null, ProbeKind.AsyncMethod, 7), (later.Layer, later.Category, later.Kind, later.Line));
        Assert.Equal(ProbeKind.Iterator, Probe(report, "Lib.Work.Range(int)").Kind);
        Assert.Equal(string.Empty, Probe(report, "Lib.Work.EmptyCategory()").Category);
        Assert.Equal("int OddName()", Probe(report, "odd\u001fname\u001e").Signature);
        foreach (string name in new[] { "Lib.Work.Plain(int)", "Lib.Work.LaterAsync(int)", "Lib.Work.Range(int)", "Lib.Work.EmptyCategory()", "odd\u001fname\u001e" })
        {
            Assert.Equal(1, report.FindMethod(name)?.Calls);
        }
    }

    private static ProbeInfo Probe(SessionReport report, string name) => report.Probes.Single(p => p.Name == name);
}
