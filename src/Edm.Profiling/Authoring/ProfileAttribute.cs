using System.Diagnostics;

namespace Edm.Profiling;

/// <summary>
/// Marks a method, or every ordinary method of a class or struct, for profiling. Built with
/// <c>-p:EdmProfiling=true</c>, every call to the method is wrapped in a probe; built without it,
/// the attribute leaves nothing behind: it is removed from metadata and no code is generated.
/// </summary>
/// <remarks>
/// A member's own attribute wins over its type's. <see cref="NoProfileAttribute"/> opts a member
/// of a profiled type out. Constructors, properties, operators and local functions cannot be
/// intercepted; the analyzers say so where the attribute is written (see docs/diagnostics).
/// </remarks>
[AttributeUsage(
    AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct,
    AllowMultiple = false,
    Inherited = false)]
[Conditional("EDM_PROFILING_METADATA")]
public sealed class ProfileAttribute : Attribute
{
    /// <summary>Profiles with <see cref="Layer.Lightweight"/>.</summary>
    public ProfileAttribute()
    {
    }

    /// <summary>Profiles with the given layer.</summary>
    /// <param name="layer">What each call records.</param>
    public ProfileAttribute(Layer layer) => Layer = layer;

    /// <summary>What each call records. <see cref="Layer.Lightweight"/> unless set.</summary>
    public Layer Layer { get; set; }

    /// <summary>
    /// The name shown in reports and used as the baseline key. Defaults to
    /// <c>Namespace.Type.Method(ParameterTypes)</c>; set it to keep a baseline key stable across a rename.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>A free-form group for reports, such as <c>"io"</c> or <c>"dsp"</c>.</summary>
    public string? Category { get; set; }

    /// <summary>
    /// Whether adaptive timing may time this method one call in N when it is both very short and very hot
    /// (default true; call counts stay exact, times become estimates). False times every call.
    /// </summary>
    public bool Sampling { get; set; } = true;
}
