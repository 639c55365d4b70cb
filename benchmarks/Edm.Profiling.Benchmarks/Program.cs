using BenchmarkDotNet.Running;
using Edm.Profiling.Benchmarks.Generator;

// Run all benchmarks: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*'
// Quick generator timings without BenchmarkDotNet: ... -- generator-timing
if (args is ["generator-timing"])
{
    GeneratorTiming.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
