namespace Edm.Profiling.TestSupport;

/// <summary>
/// Tests that start sessions share the process-wide profiler (sessions never overlap), so this
/// collection never runs in parallel with another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProfilerCollection
{
    public const string Name = "Profiler";
}
