namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>Tests that start sessions share the process-wide profiler, so they never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProfilerCollection
{
    public const string Name = "Profiler";
}
