namespace Edm.Profiling.Generators.Model;

/// <summary>The calls to profiled methods in one source file: intercepted or skipped, in source order.</summary>
/// <param name="FilePath">The file.</param>
/// <param name="Results">One result per call.</param>
/// <param name="Faults">Exceptions caught while reading the file's calls (EDM012); those calls stay as written.</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record FileCallSites(string FilePath, EquatableArray<CallSiteResult> Results, EquatableArray<GeneratorFaultSpec> Faults = default);
