namespace Edm.Profiling.Generators.Model;

/// <summary>A call (or other use) of a profiled method that gets no probe, and why.</summary>
/// <param name="TargetName">Probe display name of the method.</param>
/// <param name="Reason">Why it is skipped.</param>
/// <param name="FilePath">File of the use.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="TargetKey">The <see cref="TargetSpec.Key"/> of the method, or null when the generator could not tell (a fault).</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record SkippedCallSpec(string TargetName, SkipReason Reason, string FilePath, int Line, int Column, string? TargetKey = null);
