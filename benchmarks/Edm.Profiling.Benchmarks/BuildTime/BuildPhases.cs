using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Edm.Profiling.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Benchmarks.BuildTime;

/// <summary>
/// Where the extra time of a profiled build goes, measured in this process with the compiler's API on
/// the sources of <see cref="RealisticProject"/> (after <see cref="BuildTimeBenchmark"/> built it, so the
/// test project's references are in its bin folder): parsing, the generator, the analyzers that run on
/// the compilation (Edm.Profiling's own and xunit's, which analyzes generated code too), and emitting
/// the assembly, each with the flag off and on. Each figure is processor time (all threads of this
/// process), the best of a few rounds: a busy machine inflates it much less than wall time.
/// Run: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- build-phases [dir]
/// </summary>
internal static class BuildPhases
{
    private const int Rounds = 3;

    private static Type? s_generatorType;

    /// <summary>Also report each analyzer's own execution time (the compiler's telemetry; slows the analyzer phase a little).</summary>
    private static bool s_perAnalyzer;

    /// <param name="root">The realistic project's directory.</param>
    /// <param name="generatorOnly">Skip the analyzers (the library is still emitted: the tests reference it).</param>
    /// <param name="generatorAssembly">Another build of Edm.Profiling.Generators to measure (e.g. the one before a change); null for the one this program references.</param>
    /// <param name="perAnalyzer">Print the analyzers that took longest, flag off and on.</param>
    public static int Run(string root, bool generatorOnly, string? generatorAssembly, bool perAnalyzer = false)
    {
        s_perAnalyzer = perAnalyzer;
        string testBin = Path.Combine(root, "Realistic.Tests", "bin", "Release", "net10.0");
        if (!File.Exists(Path.Combine(testBin, "Realistic.Library.dll")))
        {
            Console.Error.WriteLine($"{testBin}: no build of the realistic project; run build-time first.");
            return 1;
        }

        MetadataReference[] framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
        MetadataReference runtime = MetadataReference.CreateFromFile(typeof(Profiler).Assembly.Location);
        MetadataReference[] testPackages = Directory.EnumerateFiles(testBin, "xunit.*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
        Assembly generators = generatorAssembly is null
            ? typeof(ProfilingGenerator).Assembly
            : new AssemblyLoadContext("measured generator").LoadFromAssemblyPath(Path.GetFullPath(generatorAssembly));
        s_generatorType = generators.GetType(typeof(ProfilingGenerator).FullName!, throwOnError: true)!;
        ImmutableArray<DiagnosticAnalyzer> ours = [.. AnalyzersIn(generators)];
        Console.WriteLine($"generator: {generators.Location}");
        ImmutableArray<DiagnosticAnalyzer> xunit = XunitAnalyzers();

        // The compiler's own code, the generator's and the analyzers' run unoptimised (tier 0) at first, as in
        // every build without the compiler server (UseSharedCompilation=false): one pass, printed as such, so
        // the rounds after it measure warm code and the first variant measured is not the slowest.
        PhaseTimes cold = Measure("Realistic.Library", root, profiling: true, [.. framework, runtime], generatorOnly ? [] : ours, out _, rounds: 1);
        Console.WriteLine($"first pass, library, flag on (cold: code not yet compiled by the JIT): {cold}");
        Console.WriteLine($"phases of the compiler's work, processor time in ms, best of {Rounds} rounds:");
        foreach (bool profiling in new[] { false, true })
        {
            // The library first: the test project references what it emitted with the same flag.
            PhaseTimes library = Measure("Realistic.Library", root, profiling, [.. framework, runtime], generatorOnly ? [] : ours, out byte[] libraryImage);
            MetadataReference libraryReference = MetadataReference.CreateFromImage(libraryImage);
            PhaseTimes tests = Measure("Realistic.Tests", root, profiling, [.. framework, runtime, .. testPackages, libraryReference], generatorOnly ? [] : [.. ours, .. xunit], out _);
            Console.WriteLine($"flag {(profiling ? "on " : "off")}: library {library}");
            Console.WriteLine($"flag {(profiling ? "on " : "off")}: tests   {tests}");
            if (perAnalyzer)
            {
                Console.WriteLine($"  slowest analyzers, library: {library.SlowestAnalyzers}");
                Console.WriteLine($"  slowest analyzers, tests:   {tests.SlowestAnalyzers}");
            }
        }

        return 0;
    }

    private static PhaseTimes Measure(string project, string root, bool profiling, MetadataReference[] references, ImmutableArray<DiagnosticAnalyzer> analyzers, out byte[] image, int rounds = Rounds)
    {
        CSharpParseOptions parseOptions = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: profiling ? ["RELEASE", "EDM_PROFILING", "EDM_PROFILING_METADATA"] : ["RELEASE"])
            .WithFeatures(profiling ? [new("InterceptorsNamespaces", "Edm.Profiling.Generated")] : []);
        string directory = Path.Combine(root, project);
        string[] files = Directory.EnumerateFiles(directory, "*.cs").Order(StringComparer.Ordinal).ToArray();
        string usings = project == "Realistic.Tests"
            ? "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.Linq;\nglobal using global::System.Threading.Tasks;\nglobal using global::Xunit;\nglobal using global::Realistic.Library;\n"
            : "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.Linq;\nglobal using global::System.Threading;\nglobal using global::System.Threading.Tasks;\n";
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release);

        var times = new PhaseTimes();
        image = [];
        for (int round = 0; round < rounds; round++)
        {
            double start = CpuNow();
            List<SyntaxTree> trees = files
                .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path, Encoding.UTF8))
                .Append(CSharpSyntaxTree.ParseText(usings, parseOptions, Path.Combine(directory, "GlobalUsings.g.cs"), Encoding.UTF8))
                .ToList();
            var compilation = CSharpCompilation.Create(project, trees, references, options);
            times.Parse = Math.Min(times.Parse, Elapsed(start));

            start = CpuNow();
            GeneratorDriver driver = CSharpGeneratorDriver.Create([((IIncrementalGenerator)Activator.CreateInstance(s_generatorType!)!).AsSourceGenerator()], parseOptions: parseOptions, optionsProvider: new BuildProperty(profiling), driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out _);
            times.Generator = Math.Min(times.Generator, Elapsed(start));
            GeneratorRunResult result = driver.GetRunResult().Results[0];
            times.GeneratedKb = result.GeneratedSources.Sum(source => source.SourceText.Length) / 1024;
            times.Steps = string.Join(", ", result.TrackedSteps
                .Select(step => (step.Key, Ms: step.Value.Sum(run => run.ElapsedTime.TotalMilliseconds)))
                .Where(step => step.Ms >= 1)
                .OrderByDescending(step => step.Ms)
                .Select(step => string.Create(CultureInfo.InvariantCulture, $"{step.Key} {step.Ms:F0}")));

            times.Analyzers = Math.Min(times.Analyzers, RunAnalyzers(generated, analyzers, profiling, out string slowest));
            times.SlowestAnalyzers = slowest;

            start = CpuNow();
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            var emitted = generated.Emit(pe, pdb, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb));
            times.Emit = Math.Min(times.Emit, Elapsed(start));
            if (!emitted.Success)
            {
                throw new InvalidOperationException($"{project}: {string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5))}");
            }

            image = pe.ToArray();
        }

        return times;
    }

    /// <summary>The analyzers over the compilation with its generated code, as the compiler runs them after the generators; 0 without any.</summary>
    private static double RunAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool profiling, out string slowest)
    {
        slowest = string.Empty;
        if (analyzers.IsEmpty)
        {
            return 0;
        }

        double start = CpuNow();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([], new BuildProperty(profiling)), null, concurrentAnalysis: true, logAnalyzerExecutionTime: s_perAnalyzer);
        var withAnalyzers = new CompilationWithAnalyzers(compilation, analyzers, options);
        _ = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        double elapsed = Elapsed(start);
        if (s_perAnalyzer)
        {
            slowest = string.Join(", ", analyzers
                .Select(analyzer => (Name: analyzer.GetType().Name, Ms: withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds))
                .OrderByDescending(pair => pair.Ms)
                .Take(8)
                .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Name} {pair.Ms:F0}")));
        }

        return elapsed;
    }

    /// <summary>
    /// Milliseconds of processor time this process spent since <paramref name="start"/> (<see cref="CpuNow"/>), on
    /// all its threads: on a machine shared with other builds, wall time measures the neighbours as much as the work.
    /// </summary>
    private static double Elapsed(double start) => CpuNow() - start;

    private static double CpuNow()
    {
        using Process self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>xunit's analyzers, from the package the test project restored.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> XunitAnalyzers()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string? path = Directory.Exists(Path.Combine(packages, "xunit.analyzers"))
            ? Directory.EnumerateFiles(Path.Combine(packages, "xunit.analyzers"), "xunit.analyzers.dll", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (path is null)
        {
            Console.WriteLine("(xunit.analyzers not found in the package cache: tests measured without them)");
            return [];
        }

        return [.. AnalyzersIn(Assembly.LoadFrom(path))];
    }

    private static IEnumerable<DiagnosticAnalyzer> AnalyzersIn(Assembly assembly) => assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!);

    private sealed class PhaseTimes
    {
        public double Parse { get; set; } = double.MaxValue;

        public double Generator { get; set; } = double.MaxValue;

        public double Analyzers { get; set; } = double.MaxValue;

        public double Emit { get; set; } = double.MaxValue;

        public int GeneratedKb { get; set; }

        public string Steps { get; set; } = string.Empty;

        public string SlowestAnalyzers { get; set; } = string.Empty;

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"parse {Parse,6:F0}  generator {Generator,6:F0}  analyzers {Analyzers,6:F0}  emit {Emit,6:F0}  total {Parse + Generator + Analyzers + Emit,6:F0}   (generated {GeneratedKb} KB; generator steps, ms: {Steps})");
    }

    private sealed class BuildProperty(bool profiling) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(profiling ? "true" : null);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(null);

        private sealed class Options(string? edmProfiling) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = key == "build_property.EdmProfiling" ? edmProfiling : null;
                return value is not null;
            }
        }
    }
}
