namespace Edm.Profiling.Generators.Parsing;

/// <summary>The <c>[Profile]</c> settings in effect for one method, after member-over-type resolution.</summary>
/// <param name="Layer">The <c>Layer</c> value.</param>
/// <param name="Name">The display name set on the method's own attribute, or null.</param>
/// <param name="Category">The category, or null.</param>
/// <param name="OnMember">Whether the method carries the attribute itself (rather than through its type).</param>
/// <param name="Sampling">False when the attribute sets <c>Sampling = false</c>: adaptive timing must time every call.</param>
internal sealed record ProfileAnnotation(int Layer, string? Name, string? Category, bool OnMember, bool Sampling = true);
