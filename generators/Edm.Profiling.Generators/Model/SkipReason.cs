namespace Edm.Profiling.Generators.Model;

/// <summary>
/// Why a use of a profiled method, or a [Profile] annotation, gets no probe. The generator drops these
/// uses; the analyzers report them where the code is written.
/// </summary>
internal enum SkipReason
{
    /// <summary>Not skipped.</summary>
    None = 0,

    /// <summary>A <c>base.M()</c> call: intercepting it would turn a non-virtual call into a virtual one.</summary>
    BaseCall,

    /// <summary>Inside an expression tree (<c>Expression&lt;…&gt;</c> lambda), which must stay translatable by LINQ providers.</summary>
    ExpressionTree,

    /// <summary>The method is converted to a delegate (method group) rather than called.</summary>
    MethodGroup,

    /// <summary>The method is only named, in <c>nameof</c>.</summary>
    NameOf,

    /// <summary>The annotation is on a constructor, which cannot be intercepted.</summary>
    Constructor,

    /// <summary>The annotation is on a property or indexer accessor, which cannot be intercepted.</summary>
    Property,

    /// <summary>The annotation is on an operator or a conversion, which cannot be intercepted.</summary>
    Operator,

    /// <summary>The annotation is on a local function, which cannot be intercepted.</summary>
    LocalFunction,

    /// <summary>The annotation is on a lambda, which is called through a delegate and cannot be intercepted.</summary>
    Lambda,

    /// <summary>A call bound at run time (a <c>dynamic</c> argument or receiver): the compiler does not know the method.</summary>
    DynamicCall,

    /// <summary>The call does not bind to one method (syntax or binding errors in the call).</summary>
    UnresolvedCall,

    /// <summary>The compiler gives no interceptable location for the call (an unusual call shape).</summary>
    NoInterceptableLocation,

    /// <summary>
    /// An interface method called on a receiver whose type is a type parameter that may be a struct:
    /// the interceptor would box it, and mutations would be lost.
    /// </summary>
    ConstrainedCall,

    /// <summary>A type in the method's signature (or its declaring type) cannot be named from generated code.</summary>
    InaccessibleSignatureType,

    /// <summary>
    /// A private or protected method of a generic type, or a private or protected generic method
    /// before .NET 9 (generic <c>UnsafeAccessor</c> methods came with .NET 9).
    /// </summary>
    InaccessibleGeneric,

    /// <summary>
    /// A private or protected method, and the target framework has no <c>UnsafeAccessor</c>
    /// (netstandard2.0, .NET before 8). Depends on the target: see <see cref="SkipReasons.DependsOnTarget(SkipReason)"/>.
    /// </summary>
    InaccessibleWithoutUnsafeAccessor,

    /// <summary>
    /// A private method of a static class: <c>UnsafeAccessor</c> needs a parameter of the declaring
    /// type, which a static class cannot be.
    /// </summary>
    InaccessibleInStaticClass,

    /// <summary>
    /// A signature generated code cannot repeat. No longer produced (pointers, function pointers and
    /// <c>[UnscopedRef]</c> are intercepted now); kept so the reasons after it keep their numbers.
    /// </summary>
    UnsupportedSignature,

    /// <summary>An iterator returning the non-generic <c>IEnumerator</c>, which the runtime has no wrapper for.</summary>
    UnsupportedIterator,

    /// <summary>
    /// The method returns a <c>ValueTask</c>, <c>IAsyncEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerator&lt;T&gt;</c>
    /// that is not the type the referenced Edm.Profiling's probes take: on netstandard2.0, a copy of the
    /// type the project declares itself (a polyfill) rather than the package's. Depends on the target.
    /// </summary>
    ResultTypeNotProbed,

    /// <summary>The declaring types and the method reuse a type parameter name, so one interceptor cannot name both.</summary>
    TypeParameterNameClash,

    /// <summary>
    /// A method of a referenced assembly that keeps <c>[Profile]</c> in metadata but whose type no
    /// <c>Edm.Profiling.ProfiledType</c> marker names (it was not built by the generator with the flag):
    /// the generator knows only marked types, so the call is left alone.
    /// </summary>
    UnlistedReferencedType,

    /// <summary>The generator met something it did not expect in this call; the call is left as written.</summary>
    GeneratorFault,
}
