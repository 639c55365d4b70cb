using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Benchmarks.Generator;

internal static class Experiment
{
    public static void Run()
    {
        for (int round = 0; round < 4; round++)
        {
            CSharpCompilation c = SyntheticProject.Create(profiling: true);
            GeneratorDriver driver = GeneratorBenchmarks.Driver(true).RunGenerators(c);
            var sources = driver.GetRunResult().Results[0].GeneratedSources;
            long t0 = Stopwatch.GetTimestamp();
            foreach (var s in sources)
            {
                CSharpSyntaxTree.ParseText(s.SourceText, SyntheticProject.ParseOptions(true));
            }

            long t1 = Stopwatch.GetTimestamp();
            long chars = sources.Sum(s => s.SourceText.Length);
            var edited = SyntheticProject.EditOneFile(c);
            var d2 = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
            var tracked = CSharpGeneratorDriver.Create([new Edm.Profiling.Generators.ProfilingGenerator().AsSourceGenerator()], parseOptions: SyntheticProject.ParseOptions(true), optionsProvider: null, driverOptions: d2);
            Console.WriteLine($"parse generated {Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds:F0} ms for {chars / 1024} KiB");
            GeneratorDriver tr = GeneratorBenchmarks.DriverTracked(true).RunGenerators(c);
            tr = tr.RunGenerators(edited);
            var result = tr.GetRunResult().Results[0];
            foreach (var step in result.TrackedSteps)
            {
                double ms = step.Value.Sum(s => s.ElapsedTime.TotalMilliseconds);
                if (ms > 1) Console.WriteLine($"  {step.Key}: {ms:F1} ms");
            }
        }
    }
}
