namespace Edm.Profiling.Analysis.Tests.Reporting.Support;

/// <summary>
/// Tests that start profiling sessions: sessions are process-wide and never overlap, so this
/// collection runs alone, after the collections that may run in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProfilerSessions
{
    public const string Name = "Reporting: profiling sessions";
}
