using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Benchmarks.Generator;

/// <summary>
/// A quick GeneratorDriver harness, for iterating on the generator: the three runs of
/// <see cref="GeneratorBenchmarks"/>, timed with a stopwatch, best of a few rounds.
/// Run: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- generator-timing
/// </summary>
internal static class GeneratorTiming
{
    public static void Run(int rounds = 5)
    {
        var on = new List<double>();
        var off = new List<double>();
        var rerun = new List<double>();
        var bodyRerun = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            CSharpCompilation offProject = SyntheticProject.Create(profiling: false);
            on.Add(Time(() => GeneratorBenchmarks.Driver(profiling: false).RunGenerators(offProject), out _));
            off.Add(on[^1]);
            on.RemoveAt(on.Count - 1);

            CSharpCompilation onProject = SyntheticProject.Create(profiling: true);
            on.Add(Time(() => GeneratorBenchmarks.Driver(profiling: true).RunGenerators(onProject), out GeneratorDriver driver));
            CSharpCompilation edited = SyntheticProject.EditOneFile(onProject);
            rerun.Add(Time(() => driver.RunGenerators(edited), out GeneratorDriver after));
            CSharpCompilation bodyEdited = SyntheticProject.EditProfiledMethodBody(onProject);
            GeneratorDriver fresh = GeneratorBenchmarks.Driver(profiling: true).RunGenerators(onProject);
            bodyRerun.Add(Time(() => fresh.RunGenerators(bodyEdited), out _));
            if (round == 0)
            {
                GeneratorRunResult result = after.GetRunResult().Results.Single();
                Console.WriteLine($"files: {result.GeneratedSources.Length}, interceptor attributes: {result.GeneratedSources.Sum(s => s.SourceText.ToString().Split("InterceptsLocation(1,").Length - 1)}, exception: {result.Exception?.Message ?? "none"}");
            }
        }

        Console.WriteLine($"full run, flag on:   best {on.Min(),7:F1} ms  (runs: {string.Join(", ", on.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"full run, flag off:  best {off.Min(),7:F1} ms  (runs: {string.Join(", ", off.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"re-run, caller edit: best {rerun.Min(),7:F1} ms  (runs: {string.Join(", ", rerun.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"re-run, body edit:   best {bodyRerun.Min(),7:F1} ms  (runs: {string.Join(", ", bodyRerun.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})");
    }

    private static double Time(Func<GeneratorDriver> run, out GeneratorDriver driver)
    {
        long start = Stopwatch.GetTimestamp();
        driver = run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
