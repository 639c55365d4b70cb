using System.Collections.Immutable;
using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>
/// Builds in-memory compilations the way a project referencing Edm.Profiling would be built, with or
/// without <c>EdmProfiling=true</c>, and runs the generator on them.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The real runtime assembly, which generated code calls.</summary>
    public static readonly MetadataReference Runtime = MetadataReference.CreateFromFile(typeof(Profiler).Assembly.Location);

    /// <summary>Parse options of a build: the flag defines the symbols and the interceptors namespace, as the package's targets do.</summary>
    public static CSharpParseOptions ParseOptions(bool profiling) =>
        new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: profiling ? ["EDM_PROFILING", "EDM_PROFILING_METADATA"] : [])
            .WithFeatures(profiling ? [new("InterceptorsNamespaces", "Edm.Profiling.Generated")] : []);

    public static CSharpCompilation Compilation(IEnumerable<string> sources, bool profiling, string assemblyName = "UserCode", IEnumerable<MetadataReference>? references = null, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        CSharpParseOptions parseOptions = ParseOptions(profiling);
        IEnumerable<SyntaxTree> trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"/src/File{i}.cs"));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            Net100.References.All.Concat([Runtime]).Concat(references ?? []),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, optimizationLevel: OptimizationLevel.Release, deterministic: true));
    }

    public static GeneratorDriver Driver(bool profiling, bool trackSteps = true)
    {
        var globals = new Dictionary<string, string>();
        if (profiling)
        {
            globals["build_property.EdmProfiling"] = "true";
        }

        return CSharpGeneratorDriver.Create(
            [new ProfilingGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions(profiling),
            optionsProvider: new TestAnalyzerOptions(globals),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));
    }

    /// <summary>Runs the generator; returns the compilation with the generated files and the run result.</summary>
    public static (Compilation Output, GeneratorRunResult Result, ImmutableArray<Diagnostic> Diagnostics) Run(Compilation compilation, bool profiling)
    {
        GeneratorDriver driver = Driver(profiling).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (output, driver.GetRunResult().Results.Single(), diagnostics);
    }

    /// <summary>Emits <paramref name="compilation"/>; fails with every error and warning when it does not compile cleanly.</summary>
    public static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        string[] problems = result.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToArray();
        Assert.True(result.Success && problems.Length == 0, "Compilation failed:\n" + string.Join("\n", problems) + "\n\n" + GeneratedText(compilation));
        return stream.ToArray();
    }

    /// <summary>Compiles, generates, emits and loads user code; the runtime it calls is the one this process has loaded.</summary>
    public static Assembly Load(IEnumerable<string> sources, bool profiling, string assemblyName)
    {
        Compilation compilation = Compilation(sources, profiling, assemblyName);
        (Compilation output, _, ImmutableArray<Diagnostic> diagnostics) = Run(compilation, profiling);
        Assert.Empty(diagnostics);
        return Assembly.Load(Emit(output));
    }

    /// <summary>The generated files of a compilation, for failure messages.</summary>
    public static string GeneratedText(Compilation compilation) =>
        string.Join("\n", compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).Select(t => $"// ---- {t.FilePath}\n{t}"));
}
