using System.Reflection;
using System.Runtime.Loader;
using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// A probe's count leaves out the calls made through uses the build could not intercept (a method
/// passed as a delegate, a base call, …). The generator counts those uses per method and reason, each
/// compilation registers its own once, and the session lists them beside the counts.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class UnprobedCallSiteTests
{
    [Fact]
    public void Each_unprobed_use_is_counted_for_its_method_by_reason()
    {
        const string Source = """
            using System;
            using System.Linq.Expressions;
            using Edm.Profiling;
            namespace Counting;
            public class Shape
            {
                [Profile] public virtual int Area(int x) => x;
                [Profile] public static int Twice(int x) => x * 2;
            }
            public sealed class Square : Shape
            {
                public override int Area(int x) => base.Area(x) + 1;
            }
            public class Holder<T>
            {
                [Profile] private T Keep(T value) => value;
                public T Twice(T value) => Keep(Keep(value));
            }
            public static class Uses
            {
                public static int Run()
                {
                    Func<int, int> group = Shape.Twice;
                    Func<int, int> again = new Func<int, int>(Shape.Twice);
                    Expression<Func<int>> tree = () => Shape.Twice(1);
                    string name = nameof(Shape.Twice);
                    return Shape.Twice(1) + group(2) + again(3) + name.Length + new Square().Area(1);
                }
            }
            """;

        (Compilation output, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([Source], profiling: true), profiling: true);

        var counted = result.TrackedSteps[TrackingNames.UnprobedSites]
            .SelectMany(step => step.Outputs)
            .SelectMany(value => (EquatableArray<UnprobedTargetSpec>)value.Value)
            .Select(spec => (spec.Probe.Name, spec.Sites))
            .ToList();
        Assert.Equal(
            [
                ("Counting.Holder<T>.Keep(T)", "InaccessibleGeneric:2"),
                ("Counting.Shape.Area(int)", "BaseCall:1"),
                ("Counting.Shape.Twice(int)", "ExpressionTree:1;MethodGroup:2"),
            ],
            counted);
        string registration = Assert.Single(result.GeneratedSources, s => s.HintName == "Edm.Profiling.UnprobedCallSites.g.cs").SourceText.ToString();
        // Positional: …, kind, category (none), unprobed call sites.
        Assert.Contains("global::Edm.Profiling.ProbeKind.Method, null, \"ExpressionTree:1;MethodGroup:2\");", registration, StringComparison.Ordinal);
        GeneratorHarness.Emit(output);
    }

    [Fact]
    public void Without_unprobed_uses_no_registration_file_is_written()
    {
        const string Source = """
            using Edm.Profiling;
            public static class Direct
            {
                [Profile] public static int Twice(int x) => x * 2;
                public static int Run() => Twice(2);
            }
            """;

        (_, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([Source], profiling: true), profiling: true);

        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "Edm.Profiling.UnprobedCallSites.g.cs");
    }

    [Fact]
    public void The_session_counts_exactly_the_intercepted_calls_and_lists_the_method_groups_of_both_compilations()
    {
        const string Library = """
            using System;
            using Edm.Profiling;
            namespace CountLib;
            public static class CharHelper
            {
                public static int RealCalls;
                [Profile] public static bool IsWhitespace(this char c) { RealCalls++; return c == ' '; }
                [Profile] public static bool IsDigit(char c) { RealCalls++; return c is >= '0' and <= '9'; }
                public static int Count(string text, Func<char, bool> test) { int n = 0; foreach (char c in text) { if (test(c)) n++; } return n; }
                public static int CountDirect(string text) { int n = 0; foreach (char c in text) { if (c.IsWhitespace()) n++; } return n; }
                public static int CountThroughDelegate(string text) => Count(text, IsWhitespace);
            }
            """;
        const string Tests = """
            using System;
            using CountLib;
            namespace CountTests;
            public static class Checks
            {
                public static int DelegateCalls;
                public static int Run()
                {
                    const string Text = "a b 1 2";
                    int total = CharHelper.Count(Text, CharHelper.IsWhitespace);
                    DelegateCalls += Text.Length;
                    total += CharHelper.Count(Text, c => c.IsWhitespace());
                    total += CharHelper.CountDirect(Text);
                    total += CharHelper.CountThroughDelegate(Text);
                    DelegateCalls += Text.Length;
                    total += CharHelper.Count(Text, CharHelper.IsDigit);
                    DelegateCalls += Text.Length;
                    return total;
                }
            }
            """;
        byte[] library = Build([Library], "CountLib");
        (Compilation consumer, _, _) = GeneratorHarness.Run(
            GeneratorHarness.Compilation([Tests], profiling: true, "CountTests", [MetadataReference.CreateFromImage(library)]),
            profiling: true);

        var context = new AssemblyLoadContext("unprobed-sites", isCollectible: true);
        context.Resolving += (loader, name) => name.Name == "CountLib" ? loader.LoadFromStream(new MemoryStream(library)) : null;
        try
        {
            Assembly tests = context.LoadFromStream(new MemoryStream(GeneratorHarness.Emit(consumer)));
            using ProfilingSession session = Profiler.StartSession("unprobed");
            object? total = tests.GetType("CountTests.Checks")!.GetMethod("Run")!.Invoke(null, null);
            SessionReport report = session.Stop();

            Assert.Equal(3 + 3 + 3 + 3 + 2, total);
            int realCalls = (int)context.Assemblies.Single(a => a.GetName().Name == "CountLib").GetType("CountLib.CharHelper")!.GetField("RealCalls")!.GetValue(null)!;
            int delegateCalls = (int)tests.GetType("CountTests.Checks")!.GetField("DelegateCalls")!.GetValue(null)!;
            Assert.Equal(35, realCalls);
            Assert.Equal(21, delegateCalls);

            // Exactly the calls that did not go through a delegate: the lambda's (tests) and CountDirect's (library).
            Assert.Equal(realCalls - delegateCalls, report.FindMethod("CountLib.CharHelper.IsWhitespace(char)")!.Calls);
            ProbeInfo whitespace = report.Probes.Single(p => p.Name == "CountLib.CharHelper.IsWhitespace(char)");
            Assert.Equal([new UnprobedSiteCount("MethodGroup", 2)], whitespace.UnprobedCallSites!);

            // Used only as a method group: no calls recorded, and the session says why.
            Assert.Null(report.FindMethod("CountLib.CharHelper.IsDigit(char)"));
            ProbeInfo digit = report.Probes.Single(p => p.Name == "CountLib.CharHelper.IsDigit(char)");
            Assert.Equal([new UnprobedSiteCount("MethodGroup", 1)], digit.UnprobedCallSites!);
            Assert.Equal("/src/File0.cs", digit.File);
            Assert.Equal(8, digit.Line);

            // The written session keeps them.
            SessionReport read = SessionJson.Deserialize(SessionJson.Serialize(report));
            Assert.Equal(whitespace, read.Probes.Single(p => p.Name == whitespace.Name));
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_library_probe_names_its_declaration_whichever_assembly_registers_it_first(bool testsFirst)
    {
        string ns = testsFirst ? "SiteLibA" : "SiteLibB";
        string header = $"namespace {ns};\npublic static class Entry {{ public static int FromLibrary() => Clock.Tick(); }}\n";
        string declaration = $"using Edm.Profiling;\nnamespace {ns};\n\npublic static class Clock\n{{\n    [Profile] public static int Tick() => 1;\n}}\n";
        string tests = $"namespace {ns}.Tests;\npublic static class Calls {{ public static int FromTests() => {ns}.Clock.Tick(); }}\n";
        byte[] library = Build([header, declaration], ns);
        (Compilation consumer, GeneratorRunResult result, _) = GeneratorHarness.Run(
            GeneratorHarness.Compilation([tests], profiling: true, ns + ".Tests", [MetadataReference.CreateFromImage(library)]),
            profiling: true);

        // The library calls Tick itself, so its interceptor is public and the calling compilation forwards to it:
        // the only registration is the library's, from its declaration. (A target the library does not intercept
        // is registered by the caller with the site from the markers: CrossAssemblyForwardingTests.)
        string forwarder = Assert.Single(result.GeneratedSources, s => s.HintName.EndsWith(".Interceptors.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains($"global::Edm.Profiling.Generated.{ns}__ClockInterceptors.Tick()", forwarder, StringComparison.Ordinal);
        Assert.DoesNotContain("Probe.Register(", forwarder, StringComparison.Ordinal);

        var context = new AssemblyLoadContext("probe-sites-" + ns, isCollectible: true);
        context.Resolving += (loader, name) => name.Name == ns ? loader.LoadFromStream(new MemoryStream(library)) : null;
        try
        {
            Assembly testAssembly = context.LoadFromStream(new MemoryStream(GeneratorHarness.Emit(consumer)));
            Assembly libraryAssembly = context.LoadFromAssemblyName(new AssemblyName(ns));
            MethodInfo fromTests = testAssembly.GetType($"{ns}.Tests.Calls")!.GetMethod("FromTests")!;
            MethodInfo fromLibrary = libraryAssembly.GetType($"{ns}.Entry")!.GetMethod("FromLibrary")!;
            using ProfilingSession session = Profiler.StartSession("sites");
            foreach (MethodInfo call in testsFirst ? [fromTests, fromLibrary] : new[] { fromLibrary, fromTests })
            {
                call.Invoke(null, null);
            }

            SessionReport report = session.Stop();
            ProbeInfo tick = report.Probes.Single(p => p.Name == $"{ns}.Clock.Tick()");
            Assert.Equal("/src/File1.cs", tick.File);
            Assert.Equal(6, tick.Line);
            Assert.Equal(2, report.FindMethod(tick.Name)!.Calls);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void The_markers_of_a_library_name_each_profiled_method_declaration()
    {
        const string Source = "using Edm.Profiling;\nnamespace Marked;\npublic static class Tools\n{\n    [Profile] public static int One() => 1;\n}\n";

        (_, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([Source], profiling: true), profiling: true);

        string markers = Assert.Single(result.GeneratedSources, s => s.HintName == "Edm.Profiling.ProfiledTypes.g.cs").SourceText.ToString();
        Assert.Contains("AssemblyMetadata(\"Edm.Profiling.ProbeSources\", \"/src/File0.cs\\n5 M:Marked.Tools.One\")", markers, StringComparison.Ordinal);
    }

    private static byte[] Build(IEnumerable<string> sources, string name)
    {
        (Compilation output, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(sources, profiling: true, name), profiling: true);
        return GeneratorHarness.Emit(output);
    }
}
