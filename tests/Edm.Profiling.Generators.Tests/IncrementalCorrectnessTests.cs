using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// Reused results must never be stale: a declaration edit in one file changes what calls in other,
/// unchanged files bind to, and a re-run with the same driver must see it.
/// </summary>
public sealed class IncrementalCorrectnessTests
{
    private const string Caller = """
        public static class Caller
        {
            public static int Go() => Lib.Work.Run(1);
        }
        """;

    [Fact]
    public void Annotating_a_method_in_another_file_intercepts_calls_in_an_unchanged_file()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, SyntaxTree library) = Start("public static int Run(long x) => 1;");
        Assert.Empty(Interceptors(driver));

        driver = Rerun(driver, ref compilation, library, "[Edm.Profiling.Profile] public static int Run(long x) => 1;");

        Assert.Contains("Lib.Work.Run(long)", Assert.Single(Interceptors(driver)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_better_overload_added_in_another_file_retargets_calls_in_an_unchanged_file()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, SyntaxTree library) = Start("[Edm.Profiling.Profile] public static int Run(long x) => 1;");
        Assert.Contains("Lib.Work.Run(long)", Assert.Single(Interceptors(driver)), StringComparison.Ordinal);

        driver = Rerun(driver, ref compilation, library, "[Edm.Profiling.Profile] public static int Run(long x) => 1; [Edm.Profiling.Profile] public static int Run(int x) => 2;");

        string file = Assert.Single(Interceptors(driver));
        Assert.Contains("Lib.Work.Run(int)", file, StringComparison.Ordinal);
        Assert.DoesNotContain("Lib.Work.Run(long)", file, StringComparison.Ordinal);
        Assert.DoesNotContain(compilation.AddSyntaxTrees(driver.GetRunResult().GeneratedTrees).GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Removing_the_annotation_removes_the_interceptor()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, SyntaxTree library) = Start("[Edm.Profiling.Profile] public static int Run(long x) => 1;");
        Assert.Single(Interceptors(driver));

        driver = Rerun(driver, ref compilation, library, "public static int Run(long x) => 1;");

        Assert.Empty(Interceptors(driver));
    }

    [Fact]
    public void Editing_the_body_of_a_profiled_method_keeps_its_interceptor()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, SyntaxTree library) = Start("[Edm.Profiling.Profile] public static int Run(long x) => 1;");
        string before = Assert.Single(Interceptors(driver));

        driver = Rerun(driver, ref compilation, library, "[Edm.Profiling.Profile] public static int Run(long x) => 2 + (int)x;");

        Assert.Equal(before, Assert.Single(Interceptors(driver)));
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, SyntaxTree Library) Start(string members)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([Library(members), Caller], profiling: true);
        GeneratorDriver driver = GeneratorHarness.Driver(profiling: true).RunGenerators(compilation);
        return (driver, compilation, compilation.SyntaxTrees[0]);
    }

    private static GeneratorDriver Rerun(GeneratorDriver driver, ref CSharpCompilation compilation, SyntaxTree library, string members)
    {
        SyntaxTree edited = CSharpSyntaxTree.ParseText(Library(members), GeneratorHarness.ParseOptions(true), library.FilePath);
        compilation = compilation.ReplaceSyntaxTree(library, edited);
        return driver.RunGenerators(compilation);
    }

    private static string Library(string members) => $"namespace Lib; public static class Work {{ {members} }}";

    private static List<string> Interceptors(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources
            .Where(source => source.HintName.EndsWith(".Interceptors.g.cs", StringComparison.Ordinal))
            .Select(source => source.SourceText.ToString())
            .ToList();
}
