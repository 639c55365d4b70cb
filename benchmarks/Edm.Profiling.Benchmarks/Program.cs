using BenchmarkDotNet.Running;

// Run all benchmarks: dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
