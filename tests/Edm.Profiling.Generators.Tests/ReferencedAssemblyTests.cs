using System.Reflection;
using System.Runtime.Loader;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// A library built with the flag keeps its annotations and names its profiled types in assembly
/// markers; a project referencing it (a test project) probes its calls into the library.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class ReferencedAssemblyTests
{
    private const string Library = """
        using Edm.Profiling;
        namespace Lib;
        [Profile(Category = "lib")]
        public class Parser
        {
            public int Parse(string text) => text.Length;
            [NoProfile] public int Skip() => 0;
            [Profile(Layer.Detailed)] public static int Shout(string text) => text.Length * 2;
        }
        public static class Plain
        {
            public static int NotProfiled() => 1;
        }
        """;

    private const string Consumer = """
        namespace Tests;
        public static class UsesLib
        {
            public static int Run() => new Lib.Parser().Parse("abc") + Lib.Parser.Shout("ab") + new Lib.Parser().Skip() + Lib.Plain.NotProfiled();
        }
        """;

    [Fact]
    public void Calls_into_a_library_built_with_the_flag_are_probed()
    {
        byte[] library = Build(Library, "Lib", profiling: true);
        (Compilation consumer, GeneratorRunResult result, _) = GeneratorHarness.Run(
            GeneratorHarness.Compilation([Consumer], profiling: true, "Tests.Consumer", [MetadataReference.CreateFromImage(library)]),
            profiling: true);

        Assert.Equal(["Edm.Profiling.InterceptsLocationAttribute.g.cs", "Lib.Parser.Interceptors.g.cs"], result.GeneratedSources.Select(s => s.HintName));
        var context = new AssemblyLoadContext("referenced-library", isCollectible: true);
        context.Resolving += (loader, name) => name.Name == "Lib" ? loader.LoadFromStream(new MemoryStream(library)) : null;
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(GeneratorHarness.Emit(consumer)));
            using ProfilingSession session = Profiler.StartSession("referenced");
            object? value = assembly.GetType("Tests.UsesLib")!.GetMethod("Run")!.Invoke(null, null);
            SessionReport report = session.Stop();

            Assert.Equal(3 + 4 + 0 + 1, value);
            Assert.Equal(1, report.FindMethod("Lib.Parser.Parse(string)")!.Calls);
            Assert.Equal(1, report.FindMethod("Lib.Parser.Shout(string)")!.Calls);
            Assert.Null(report.FindMethod("Lib.Parser.Skip()"));
            ProbeInfo shout = report.Probes.Single(p => p.Name == "Lib.Parser.Shout(string)");
            Assert.Equal(Layer.Detailed, shout.Layer);
            Assert.Equal("lib", shout.Category);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_library_built_without_the_flag_keeps_no_annotations_and_gets_no_probes()
    {
        byte[] library = Build(Library, "Lib", profiling: false);
        (_, GeneratorRunResult result, _) = GeneratorHarness.Run(
            GeneratorHarness.Compilation([Consumer], profiling: true, "Tests.Consumer", [MetadataReference.CreateFromImage(library)]),
            profiling: true);

        Assert.Empty(result.GeneratedSources);
    }

    private static byte[] Build(string source, string name, bool profiling)
    {
        (Compilation output, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([source], profiling, name), profiling);
        return GeneratorHarness.Emit(output);
    }
}
