namespace Edm.Profiling.Generators.Model;

/// <summary>A profiled method that this compilation uses in ways no interceptor reaches, and how often.</summary>
/// <param name="Probe">The probe facts, as its interceptor registers them.</param>
/// <param name="ProbeKind">The <c>ProbeKind</c> member, as its interceptor registers it.</param>
/// <param name="Sites">The uses by reason, <c>MethodGroup:2;BaseCall:1</c> (reasons in enum order): <c>ProbeDescriptor.UnprobedCallSites</c>.</param>
/// <param name="Summary">The same in words, for the comment beside the registration: <c>2 MethodGroup, 1 BaseCall</c>.</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record UnprobedTargetSpec(ProbeSpec Probe, string ProbeKind, string Sites, string Summary);
