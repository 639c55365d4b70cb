namespace Edm.Profiling.Invariants.Tests;

/// <summary>Tests that start sessions share the process-wide profiler, so they never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProfilerCollection
{
    public const string Name = "Profiler";
}
