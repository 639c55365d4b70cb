using BenchmarkDotNet.Attributes;
using Edm.Profiling.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Benchmarks.Generator;

/// <summary>
/// The generator on a synthetic project of 2,000 annotated methods and 20,000 call sites
/// (goals: full run with the flag on ≤ 100 ms, off ≤ 5 ms, re-run after a one-file edit ≤ 20 ms).
/// Run: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*GeneratorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private CSharpCompilation _bodyEdited = null!;
    private GeneratorDriver _warmDriver = null!;

    [IterationSetup(Targets = [nameof(FullRunFlagOn)])]
    public void FreshProjectOn() => _compilation = SyntheticProject.Create(profiling: true);

    [IterationSetup(Targets = [nameof(FullRunFlagOff)])]
    public void FreshProjectOff() => _compilation = SyntheticProject.Create(profiling: false);

    [IterationSetup(Targets = [nameof(RerunAfterOneFileEdit), nameof(RerunAfterProfiledBodyEdit)])]
    public void RunOnceThenEdit()
    {
        CSharpCompilation compilation = SyntheticProject.Create(profiling: true);
        _warmDriver = Driver(profiling: true).RunGenerators(compilation);
        _edited = SyntheticProject.EditOneFile(compilation);
        _bodyEdited = SyntheticProject.EditProfiledMethodBody(compilation);
    }

    /// <summary>A command-line build with -p:EdmProfiling=true: every tree new.</summary>
    [Benchmark]
    public GeneratorDriver FullRunFlagOn() => Driver(profiling: true).RunGenerators(_compilation);

    /// <summary>A build or IDE session without the flag: the generator must cost next to nothing.</summary>
    [Benchmark]
    public GeneratorDriver FullRunFlagOff() => Driver(profiling: false).RunGenerators(_compilation);

    /// <summary>The IDE with the flag on: one caller file edited since the last run (it calls every library type).</summary>
    [Benchmark]
    public GeneratorDriver RerunAfterOneFileEdit() => _warmDriver.RunGenerators(_edited);

    /// <summary>The IDE with the flag on: the body of a profiled method edited since the last run.</summary>
    [Benchmark]
    public GeneratorDriver RerunAfterProfiledBodyEdit() => _warmDriver.RunGenerators(_bodyEdited);

    internal static GeneratorDriver Driver(bool profiling) =>
        CSharpGeneratorDriver.Create(
            [new ProfilingGenerator().AsSourceGenerator()],
            parseOptions: SyntheticProject.ParseOptions(profiling),
            optionsProvider: new BuildProperties(profiling));

    /// <summary>The build properties the compiler hands generators.</summary>
    private sealed class BuildProperties(bool profiling) : AnalyzerConfigOptionsProvider
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
