namespace Edm.Profiling.Generators.Model;

/// <summary>
/// A probed method and everything needed to write its interceptor: the probe facts and the exact
/// shape of the call (receiver, parameters, return, generics, how the method is reached).
/// </summary>
/// <param name="Key">The method's documentation id; call sites refer to their target by it.</param>
/// <param name="FileKey">Metadata name of the declaring type; targets of one type share a generated file.</param>
/// <param name="MethodName">The method's name.</param>
/// <param name="Probe">The probe descriptor facts.</param>
/// <param name="ContainingType">Fully qualified declaring type as generated code names it, e.g. <c>global::Ns.Box&lt;T&gt;</c>.</param>
/// <param name="Form">Static, instance, struct instance or extension.</param>
/// <param name="TypeParameters">The interceptor's type parameters: declaring types' (outermost first), then the method's.</param>
/// <param name="MethodTypeParameterCount">How many of <paramref name="TypeParameters"/> belong to the method (the last ones).</param>
/// <param name="Parameters">The parameters; for an extension method the first is the extended value.</param>
/// <param name="ReturnType">Fully qualified return type, or <c>void</c>.</param>
/// <param name="ReturnModifier"><c>ref</c>, <c>ref readonly</c>, or empty.</param>
/// <param name="Shape">Sync, task or iterator.</param>
/// <param name="ElementType">Result type of <c>Task&lt;T&gt;</c> and element type of a generic iterator, else null.</param>
/// <param name="Access">Direct call or <c>UnsafeAccessor</c>.</param>
/// <param name="Skip">Why calls to this method cannot be intercepted at all, or <see cref="SkipReason.None"/>.</param>
/// <param name="AccessorTypeName">
/// For a static method reached through <c>UnsafeAccessor</c> whose declaring type cannot be a parameter
/// (a static class, a private nested type): its assembly-qualified name, for <c>[UnsafeAccessorType]</c> (.NET 10).
/// </param>
/// <param name="Annotations">Flow attributes, <c>unsafe</c> and nullable context the generated methods repeat; null means none.</param>
/// <param name="Exported">
/// Declared in this compilation, public with every containing type and reached directly: its
/// interceptor, if this compilation writes one, is public, so projects referencing this assembly call it.
/// </param>
/// <param name="ForwardTo">
/// Declared in a referenced assembly whose own interceptor for it is public (its marker says so): the
/// interceptor's qualified name; an interceptor here only forwards to it. Null: the full interceptor.
/// </param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record TargetSpec(
    string Key,
    string FileKey,
    string MethodName,
    ProbeSpec Probe,
    string ContainingType,
    CallForm Form,
    EquatableArray<TypeParameterSpec> TypeParameters,
    int MethodTypeParameterCount,
    EquatableArray<ParameterSpec> Parameters,
    string ReturnType,
    string ReturnModifier,
    ResultShape Shape,
    string? ElementType,
    AccessPath Access,
    SkipReason Skip,
    string? AccessorTypeName = null,
    SignatureAnnotations? Annotations = null,
    bool Exported = false,
    string? ForwardTo = null)
{
    /// <summary>What the generated methods repeat of the target's signature beyond its types.</summary>
    public SignatureAnnotations Signature => Annotations ?? SignatureAnnotations.None;

    /// <summary>Whether the method returns nothing.</summary>
    public bool ReturnsVoid => ReturnType == "void";

    /// <summary>The <c>ProbeKind</c> member generated code registers the probe with.</summary>
    public string ProbeKind => Shape switch
    {
        ResultShape.Sync => "Method",
        ResultShape.Task or ResultShape.TaskOfT or ResultShape.ValueTask or ResultShape.ValueTaskOfT => "AsyncMethod",
        ResultShape.AsyncEnumerableOfT or ResultShape.AsyncEnumeratorOfT => "AsyncIterator",
        _ => "Iterator",
    };
}
