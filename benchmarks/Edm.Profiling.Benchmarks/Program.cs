using BenchmarkDotNet.Running;
using Edm.Profiling.Benchmarks.BuildTime;
using Edm.Profiling.Benchmarks.Generator;
using Edm.Profiling.Benchmarks.Probes;
using Edm.Profiling.Benchmarks.Results;

// Run all benchmarks: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*'
// Quick generator timings without BenchmarkDotNet: ... -- generator-timing; quick probe timings: ... -- probe-timing (adaptive timing: probe-timing adaptive; compensation: compensation-timing [sweep])
// Clean builds of a realistic library + tests, flag off and on, in rotating rounds: ... -- build-time [rounds] [--dir <dir>] [--baseline-generator <dll>] [--compiler-server]
// Where a profiled build's extra time goes (generator, analyzers, emit), in process, after build-time: ... -- build-phases [dir] [--generator-only] [--per-analyzer] [--generator <Edm.Profiling.Generators.dll>]
// Turn BenchmarkDotNet's full JSON reports into an Edm.Profiling session: ... -- to-session <results dir> <session.json>
if (args is ["generator-timing"])
{
    GeneratorTiming.Run();
    return 0;
}

if (args is ["probe-timing", "adaptive"])
{
    AdaptiveTimingLoop.Run();
    return 0;
}

if (args is ["compensation-timing"] or ["compensation-timing", "sweep"])
{
    CompensationTiming.Run(sweep: args.Length > 1);
    return 0;
}

if (args is ["probe-timing"])
{
    ProbeTiming.Run();
    return 0;
}

if (args is ["build-time", ..])
{
    // build-time [rounds] [--dir <dir>] [--baseline-generator <Edm.Profiling.Generators.dll>] [--compiler-server]
    string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    int rounds = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal)
        ? int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : -1
        : 5;
    if (rounds < 1)
    {
        // Medians of no builds do not exist: say so rather than fail inside the report.
        Console.Error.WriteLine($"build-time: rounds must be a whole number of at least 1, got '{args[1]}'.");
        return 2;
    }

    string? dir = Option("--dir");
    return BuildTimeBenchmark.Run(rounds, dir is null ? null : Path.GetFullPath(dir), Option("--baseline-generator"), compilerServer: args.Contains("--compiler-server"));
}

if (args is ["build-phases", ..])
{
    // build-phases [dir] [--generator-only] [--per-analyzer] [--generator <Edm.Profiling.Generators.dll>]
    string root = Path.GetFullPath(args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine("benchmarks", "BenchmarkDotNet.Artifacts", "build-time"));
    return BuildPhases.Run(root, generatorOnly: args.Contains("--generator-only"), generatorAssembly: args.SkipWhile(a => a != "--generator").Skip(1).FirstOrDefault(), perAnalyzer: args.Contains("--per-analyzer"));
}

if (args is ["to-session", string results, string session])
{
    return BenchmarkSession.Convert(results, session);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
