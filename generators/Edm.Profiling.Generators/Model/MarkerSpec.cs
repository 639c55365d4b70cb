namespace Edm.Profiling.Generators.Model;

/// <summary>What this assembly tells the projects that reference it: its profiled types, and where each profiled method is declared.</summary>
/// <param name="Types">Metadata names of the types with profiled methods.</param>
/// <param name="Sources">Declaration file and line of each profiled method, by its documentation id.</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record MarkerSpec(EquatableArray<string> Types, EquatableArray<ProbeSourceSpec> Sources)
{
    public static readonly MarkerSpec Empty = new(EquatableArray<string>.Empty, EquatableArray<ProbeSourceSpec>.Empty);
}

/// <summary>Where a profiled method is declared.</summary>
/// <param name="Key">The method's <see cref="TargetSpec.Key"/> (documentation id).</param>
/// <param name="File">Source file, as the probe registration of the declaring assembly names it.</param>
/// <param name="Line">1-based line.</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record ProbeSourceSpec(string Key, string File, int Line);
