using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Generators.Tests;

/// <summary>The switch decides everything, and broken code never makes the generator throw or write stray code.</summary>
public sealed class SwitchAndErrorTests
{
    [Fact]
    public void Without_the_switch_nothing_is_generated()
    {
        (_, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([TestSources.Shapes], profiling: false), profiling: false);

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void The_symbol_alone_or_the_property_alone_generates_nothing()
    {
        // Symbol defined, property unset: the build did not ask for probes.
        CSharpCompilation withSymbol = GeneratorHarness.Compilation([TestSources.Shapes], profiling: true);
        GeneratorRunResult symbolOnly = GeneratorHarness.Driver(profiling: false).RunGenerators(withSymbol).GetRunResult().Results.Single();
        Assert.Empty(symbolOnly.GeneratedSources);

        // Property set, symbol undefined: predicates give up before any work.
        CSharpCompilation withoutSymbol = GeneratorHarness.Compilation([TestSources.Shapes], profiling: false);
        GeneratorRunResult propertyOnly = GeneratorHarness.Driver(profiling: true).RunGenerators(withoutSymbol).GetRunResult().Results.Single();
        Assert.Empty(propertyOnly.GeneratedSources);
    }

    [Theory]
    [InlineData("public static class Caller { public static int Go() => Lib.Work.Count(; }")]
    [InlineData("public static class Caller { public static int Go() => Lib.Work.Count(1, 2, 3); }")]
    [InlineData("public static class Caller { public static int Go() => Lib.Work.Count(\"text\"); }")]
    [InlineData("public static class Caller { public static void Go() { Lib.Work.Count(1) } }")]
    [InlineData("public static class Caller { public static int Go() => Lib.Work.Missing(1); }")]
    [InlineData("namespace { class { void M( { Lib.Work.Count(2); } } }")]
    [InlineData("[Edm.Profiling.Profile] public static int Broken(int x => x; ")]
    public void Files_with_errors_give_no_exception_and_no_interceptor(string brokenCaller)
    {
        string library = """
            namespace Lib;
            public static class Work
            {
                [Edm.Profiling.Profile]
                public static int Count(int x) => x;
            }
            """;
        CSharpCompilation compilation = GeneratorHarness.Compilation([library, brokenCaller], profiling: true);
        int errorsBefore = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(errorsBefore > 0);

        (Compilation output, GeneratorRunResult result, var diagnostics) = GeneratorHarness.Run(compilation, profiling: true);

        Assert.Null(result.Exception);
        Assert.Empty(diagnostics);
        Assert.DoesNotContain(result.GeneratedSources, source => source.HintName.EndsWith(".Interceptors.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_valid_call_next_to_a_broken_one_is_still_intercepted()
    {
        string source = """
            public static class Work
            {
                [Edm.Profiling.Profile] public static int Count(int x) => x;
                public static int Good() => Count(1);
                public static int Bad() => Count(;
            }
            """;
        (Compilation output, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([source], profiling: true), profiling: true);

        Assert.Null(result.Exception);
        GeneratedSourceResult file = Assert.Single(result.GeneratedSources, s => s.HintName == "Work.Interceptors.g.cs");
        Assert.Single(file.SourceText.ToString().Split('\n'), line => line.Contains("InterceptsLocation(1,", StringComparison.Ordinal));
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }
}
