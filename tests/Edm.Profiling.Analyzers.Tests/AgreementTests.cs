using System.Collections.Immutable;
using System.Globalization;
using Edm.Profiling.Analyzers.Tests.Support;
using Edm.Profiling.Generators;
using Edm.Profiling.Generators.Diagnostics;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Analyzers.Tests;

/// <summary>
/// The analyzers and the generator must tell the same story: over a corpus of call shapes, the calls
/// EDM002 reports as not profiled (method groups included) are exactly the uses of profiled methods the generator writes no
/// interceptor for, and EDM008 counts what the generator intercepts.
/// </summary>
public sealed class AgreementTests
{
    [Theory]
    [InlineData("CallShapes.cs")]
    [InlineData("Shapes.cs")]
    public async Task Calls_reported_as_not_profiled_are_exactly_the_calls_the_generator_skips(string corpus)
    {
        (Compilation output, GeneratorRunResult run) = Generate(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", corpus)));

        // The generated code compiles and emits: what the generator did is real.
        using (var stream = new MemoryStream())
        {
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        List<string> allCalls = run.TrackedSteps[TrackingNames.CallSites]
            .SelectMany(step => step.Outputs)
            .Select(value => (FileCallSites)value.Value)
            .SelectMany(file => file.Results)
            .Select(result => result.Intercepted?.DisplayLocation ?? Display(result.Skipped!.FilePath, result.Skipped.Line, result.Skipped.Column))
            .ToList();
        List<string> intercepted = run.TrackedSteps[TrackingNames.InterceptorFiles]
            .SelectMany(step => step.Outputs)
            .Select(value => (InterceptorFileSpec)value.Value)
            .SelectMany(file => file.Methods)
            .SelectMany(method => method.CallSites)
            .Select(call => call.DisplayLocation)
            .ToList();
        List<string> skippedByGenerator = Without(allCalls, intercepted);

        ImmutableArray<Diagnostic> diagnostics = await output
            .WithAnalyzers([new CallSiteAnalyzer()], new AnalyzerOptions([], BuildProperties.Profiling()))
            .GetAnalyzerDiagnosticsAsync();
        List<string> reported = diagnostics
            .Where(d => d.Id == DiagnosticDescriptors.UseNotProfiled.Id)
            .Select(d => d.Location.GetLineSpan())
            .Select(span => Display(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1))
            .ToList();

        Assert.NotEmpty(intercepted);
        Assert.NotEmpty(skippedByGenerator);
        Assert.Equal(Sorted(skippedByGenerator), Sorted(reported));

        Diagnostic summary = Assert.Single(diagnostics, d => d.Id == DiagnosticDescriptors.InterceptionSummary.Id);
        Assert.StartsWith(
            string.Format(CultureInfo.InvariantCulture, "{0} of {1} call sites", intercepted.Count, allCalls.Count),
            summary.GetMessage(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_corpus_covers_every_kind_of_skip_the_analyzers_name()
    {
        (_, GeneratorRunResult run) = Generate(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "CallShapes.cs")));
        HashSet<SkipReason> reasons = run.TrackedSteps[TrackingNames.CallSites]
            .SelectMany(step => step.Outputs)
            .SelectMany(value => ((FileCallSites)value.Value).Results)
            .Where(result => result.Skipped is not null)
            .Select(result => result.Skipped!.Reason)
            .ToHashSet();

        Assert.Superset(
            new HashSet<SkipReason> { SkipReason.BaseCall, SkipReason.ExpressionTree, SkipReason.ConstrainedCall, SkipReason.DynamicCall },
            reasons);
    }

    private static (Compilation Output, GeneratorRunResult Run) Generate(string source)
    {
        CSharpParseOptions parseOptions = ProfilingTest.ParseOptions(profiling: true);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Corpus",
            [CSharpSyntaxTree.ParseText(source, parseOptions, path: "/src/Corpus.cs")],
            ProfilingTest.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ProfilingGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            optionsProvider: BuildProperties.Profiling(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (output, driver.GetRunResult().Results.Single());
    }

    private static string Display(string path, int line, int column) =>
        string.Format(CultureInfo.InvariantCulture, "{0}({1},{2})", Path.GetFileName(path), line, column);

    /// <summary>The multiset difference: two calls can start at the same place (<c>a.F().G()</c>).</summary>
    private static List<string> Without(List<string> all, List<string> removed)
    {
        var rest = new List<string>(all);
        foreach (string item in removed)
        {
            Assert.True(rest.Remove(item), "intercepted call not among the call sites: " + item);
        }

        return rest;
    }

    private static List<string> Sorted(List<string> items) => [.. items.Order(StringComparer.Ordinal)];
}
