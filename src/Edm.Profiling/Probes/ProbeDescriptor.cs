using System.ComponentModel;

namespace Edm.Profiling;

/// <summary>
/// Static facts about one probe: what it measures and where it came from. Generated code creates
/// one per profiled method and registers it with <see cref="Probe.Register(ProbeDescriptor)"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record ProbeDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="name">Stable display name, the baseline key: <c>Namespace.Type.Method(ParamTypes)</c>.</param>
    public ProbeDescriptor(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>Stable display name, the key that baselines match on.</summary>
    public string Name { get; }

    /// <summary>Fully qualified declaring type, when the probe is a method.</summary>
    public string? DeclaringType { get; init; }

    /// <summary>Method signature as written by the generator, e.g. <c>int Parse(string, bool)</c>.</summary>
    public string? Signature { get; init; }

    /// <summary>Source file of the declaration, when known.</summary>
    public string? File { get; init; }

    /// <summary>1-based line of the declaration, 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>Layer requested by the attribute; the run-time cap may lower it.</summary>
    public Layer Layer { get; init; }

    /// <summary>Category from the attribute, if any.</summary>
    public string? Category { get; init; }

    /// <summary>What the probe wraps.</summary>
    public ProbeKind Kind { get; init; }

    /// <summary>
    /// Whether adaptive timing may time this probe one call in N when it is both very short and very hot
    /// (default true); false times every call (<c>[Profile(Sampling = false)]</c>).
    /// </summary>
    public bool Sampling { get; init; } = true;

    /// <summary>
    /// Uses of the method the registering compilation could not intercept, so its calls through them
    /// are not counted: <c>reason:count</c> pairs separated by <c>;</c>, e.g. <c>MethodGroup:2;BaseCall:1</c>
    /// (reasons as the generator names them). Null when there are none.
    /// </summary>
    /// <remarks>
    /// Each compilation knows only its own call sites, so registrations of one probe add their counts:
    /// generated code passes them in exactly one registration per compilation (its module initializer).
    /// </remarks>
    public string? UnprobedCallSites { get; init; }
}
