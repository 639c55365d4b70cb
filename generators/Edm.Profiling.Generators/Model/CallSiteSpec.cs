namespace Edm.Profiling.Generators.Model;

/// <summary>One call the generator intercepts.</summary>
/// <param name="TargetKey">The <see cref="TargetSpec.Key"/> of the called method.</param>
/// <param name="LocationVersion">First argument of <c>[InterceptsLocation]</c>.</param>
/// <param name="LocationData">Second argument of <c>[InterceptsLocation]</c>: opaque to us, from the compiler.</param>
/// <param name="DisplayLocation">Where the call is, for the comment beside the attribute: <c>File.cs(line,column)</c>.</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record CallSiteSpec(string TargetKey, int LocationVersion, string LocationData, string DisplayLocation);
