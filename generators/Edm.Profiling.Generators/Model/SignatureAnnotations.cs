namespace Edm.Profiling.Generators.Model;

/// <summary>
/// What an interceptor must repeat of its target's signature beyond the types, so that generated code
/// raises no warning the user's own code does not: flow attributes, <c>unsafe</c>, and the nullable context.
/// </summary>
/// <param name="MethodAttributes">Attribute lists for the method itself, e.g. <c>[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]</c>, or empty.</param>
/// <param name="ReturnAttributes">Attribute lists for the return value, e.g. <c>[return: global::System.Diagnostics.CodeAnalysis.NotNull]</c>, or empty.</param>
/// <param name="IsUnsafe">A pointer or function pointer appears in the signature: the generated methods are <c>unsafe</c>.</param>
/// <param name="IsOblivious">
/// The target's signature has nullable-oblivious reference types (declared under <c>#nullable disable</c>,
/// or in an assembly built without nullable annotations): the generated methods are written in a
/// disabled nullable context too, and their types carry no <c>?</c> on reference types.
/// </param>
/// <remarks>Part of the incremental model: strings and flags only, structurally equal.</remarks>
internal sealed record SignatureAnnotations(string MethodAttributes, string ReturnAttributes, bool IsUnsafe, bool IsOblivious)
{
    /// <summary>Nothing to repeat: an ordinary signature in an annotated context.</summary>
    public static SignatureAnnotations None { get; } = new(string.Empty, string.Empty, IsUnsafe: false, IsOblivious: false);

    /// <summary>Whether the target is <c>[DoesNotReturn]</c>.</summary>
    public bool DoesNotReturn => MethodAttributes.Contains(".DoesNotReturn]");
}
