using System.Reflection;
using System.Runtime.Loader;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// A library built with the flag makes the interceptors of its own public targets public and lists them in a
/// marker; a project referencing it forwards its calls to them (one line each) instead of compiling a second
/// probe. Calls from both assemblies then count on the one probe the library registers, exactly.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class CrossAssemblyForwardingTests
{
    private const string Library = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Edm.Profiling;
        namespace Lib.Core;
        public class Calc
        {
            [Profile] public static int Add(int a, int b) => a + b;
            [Profile] public int Twice(int a) => a * 2;
            [Profile] public static async Task<int> LaterAsync(int a) { await Task.Yield(); return a + 1; }
            [Profile] public static IEnumerable<int> Range(int n) { for (int i = 0; i < n; i++) yield return i; }
            [Profile] public static T Echo<T>(T value) => value;
            [Profile] public static int Sum(params int[] values) { int s = 0; foreach (int v in values) s += v; return s; }
            [Profile] public static int NeverCalledHere(int a) => a;
            [Profile] internal static int Hidden(int a) => a;
        }
        public class Pool<T> where T : class, new()
        {
            [Profile] public T Make() => new T();
        }
        public struct Counter
        {
            public int Value;
            [Profile] public void Bump() => Value++;
        }
        public static class TextExtensions
        {
            [Profile] public static int Twice(this string text) => text.Length * 2;
        }
        public static class LibraryUse
        {
            public static async Task<int> Run()
            {
                var c = new Counter();
                c.Bump();
                int total = Calc.Add(1, 2) + new Calc().Twice(3) + await Calc.LaterAsync(4) + Calc.Echo(5) + Calc.Sum(1, 2) + Calc.Hidden(6) + "ab".Twice() + c.Value;
                foreach (int i in Calc.Range(3)) total += i;
                return total + new Pool<System.Text.StringBuilder>().Make().Length;
            }
        }
        """;

    private const string Consumer = """
        using System.Threading.Tasks;
        using Lib.Core;
        namespace Tests;
        public static class UsesLib
        {
            public static async Task<int> Run(int times)
            {
                int total = 0;
                for (int i = 0; i < times; i++) total += Calc.Add(i, 1);
                var c = new Counter();
                c.Bump();
                c.Bump();
                total += new Calc().Twice(3) + await Calc.LaterAsync(4) + Calc.Echo(5) + Calc.Sum(1, 2, 3) + Calc.NeverCalledHere(7) + "abc".Twice() + c.Value;
                foreach (int i in Calc.Range(4)) total += i;
                return total + new Pool<System.Collections.Generic.List<int>>().Make().Count;
            }
        }
        """;

    [Fact]
    public async Task A_consumer_forwards_to_the_librarys_public_interceptors_and_counts_stay_exact()
    {
        (Compilation libraryOutput, GeneratorRunResult libraryResult, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([Library], profiling: true, "Lib"), profiling: true);
        byte[] library = GeneratorHarness.Emit(libraryOutput);
        string libraryText = libraryResult.GeneratedSources.Single(s => s.HintName == "Lib.Core.Calc.Interceptors.g.cs").SourceText.ToString();
        Assert.Contains("public static class Lib_Core__CalcInterceptors", libraryText, StringComparison.Ordinal);
        Assert.Contains("internal static int Hidden(", libraryText, StringComparison.Ordinal); // internal target: not exported
        Assert.Contains("public static T Echo<T>(", libraryText, StringComparison.Ordinal);
        Assert.Contains("public static class Lib_Core__PoolInterceptors", Assert.Single(libraryResult.GeneratedSources, s => s.HintName == "Lib.Core.Pool_1.Interceptors.g.cs").SourceText.ToString(), StringComparison.Ordinal);

        (Compilation consumer, GeneratorRunResult result, _) = GeneratorHarness.Run(
            GeneratorHarness.Compilation([Consumer], profiling: true, "Tests.Consumer", [MetadataReference.CreateFromImage(library)]),
            profiling: true);
        string calc = result.GeneratedSources.Single(s => s.HintName == "Lib.Core.Calc.Interceptors.g.cs").SourceText.ToString();
        foreach (string forwarded in new[] { "Add(", "Twice(", "LaterAsync(", "Range(", "Sum(", "Echo<T>(" })
        {
            Assert.Contains($"global::Edm.Profiling.Generated.Lib_Core__CalcInterceptors.{forwarded}", calc, StringComparison.Ordinal);
        }

        // A generic type's method forwards with its type parameters and constraints.
        Assert.Contains(
            "internal static T Make<T>(this global::Lib.Core.Pool<T> @this) where T : class, new() => global::Edm.Profiling.Generated.Lib_Core__PoolInterceptors.Make<T>(@this);",
            result.GeneratedSources.Single(s => s.HintName == "Lib.Core.Pool_1.Interceptors.g.cs").SourceText.ToString(),
            StringComparison.Ordinal);

        // Only what the library does not expose is probed here: the method the library never calls.
        IReadOnlyList<string[]> registered = ProbeTables.Records(result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Equal(["Lib.Core.Calc.NeverCalledHere(int)"], registered.Select(fields => fields[0]));
        Assert.DoesNotContain("Probe.Register(", string.Concat(result.GeneratedSources.Select(s => s.SourceText.ToString())), StringComparison.Ordinal);
        Assert.DoesNotContain("public ", calc, StringComparison.Ordinal);
        // Metadata has no source location: the fallback registration takes the declaration's from the library's markers.
        Assert.Equal(["int NeverCalledHere(int)", "/src/File0.cs", "13"], registered[0][2..5]);

        var context = new AssemblyLoadContext("forwarding", isCollectible: true);
        context.Resolving += (loader, name) => name.Name == "Lib" ? loader.LoadFromStream(new MemoryStream(library)) : null;
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(GeneratorHarness.Emit(consumer)));
            Assembly lib = context.LoadFromAssemblyName(new AssemblyName("Lib"));
            const int Times = 50_000;
            using ProfilingSession session = Profiler.StartSession("forwarding");
            int libraryTotal = await (Task<int>)lib.GetType("Lib.Core.LibraryUse")!.GetMethod("Run")!.Invoke(null, null)!;
            int total = await (Task<int>)assembly.GetType("Tests.UsesLib")!.GetMethod("Run")!.Invoke(null, [Times])!;
            SessionReport report = session.Stop();

            Assert.Equal(3 + 6 + 5 + 5 + 3 + 6 + 4 + 1 + 3 + 0, libraryTotal);
            Assert.Equal(((long)Times * (Times - 1) / 2) + Times + 6 + 5 + 5 + 6 + 7 + 6 + 2 + 6, total);
            Assert.Equal(Times + 1, report.FindMethod("Lib.Core.Calc.Add(int, int)")!.Calls);
            Assert.Equal(2, report.FindMethod("Lib.Core.Calc.Twice(int)")!.Calls);
            Assert.Equal(2, report.FindMethod("Lib.Core.Calc.LaterAsync(int)")!.Calls);
            Assert.Equal(2, report.FindMethod("Lib.Core.Calc.Range(int)")!.Calls);
            Assert.Equal(2, report.FindMethod("Lib.Core.Calc.Sum(int[])")!.Calls);
            Assert.Equal(2, report.FindMethod("Lib.Core.Calc.Echo<T>(T)")!.Calls);
            Assert.Equal(1, report.FindMethod("Lib.Core.Calc.NeverCalledHere(int)")!.Calls);
            Assert.Equal(3, report.FindMethod("Lib.Core.Counter.Bump()")!.Calls);
            Assert.Equal(2, report.FindMethod("Lib.Core.Pool<T>.Make()")!.Calls);
            Assert.Equal(2, report.FindMethod("Lib.Core.TextExtensions.Twice(string)")!.Calls);
            // One probe per method: the forwarded calls count on the library's registration, declared in its source.
            ProbeInfo add = Assert.Single(report.Probes, p => p.Name == "Lib.Core.Calc.Add(int, int)");
            Assert.Equal("/src/File0.cs", add.File);
            Assert.Equal(7, add.Line);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_library_built_without_the_flag_has_no_public_interceptors_and_its_consumer_probes_nothing()
    {
        (Compilation output, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([Library], profiling: false, "Lib"), profiling: false);
        Assert.Empty(result.GeneratedSources);
        using var image = new MemoryStream(GeneratorHarness.Emit(output));
        var context = new AssemblyLoadContext("flag-off", isCollectible: true);
        try
        {
            Assembly lib = context.LoadFromStream(image);
            Assert.DoesNotContain(lib.GetExportedTypes(), t => t.Namespace == "Edm.Profiling.Generated");
            Assert.DoesNotContain(lib.GetCustomAttributes<AssemblyMetadataAttribute>(), a => a.Key.StartsWith("Edm.Profiling", StringComparison.Ordinal));
        }
        finally
        {
            context.Unload();
        }
    }
}
