using Edm.Profiling.Generators.Model;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>What each <see cref="SkipReason"/> means, in the words the diagnostics use.</summary>
internal static class SkipReasonText
{
    public static string Describe(SkipReason reason) => reason switch
    {
        SkipReason.BaseCall => "a base call is non-virtual and an interceptor would make it virtual",
        SkipReason.ExpressionTree => "inside an expression tree, which must stay translatable by LINQ providers",
        SkipReason.MethodGroup => "a method group converted to a delegate runs the method without its probe",
        SkipReason.NameOf => "nameof only names the method",
        SkipReason.Constructor => "constructors cannot be intercepted",
        SkipReason.Property => "property, indexer and event accessors cannot be intercepted",
        SkipReason.Operator => "operators and conversions cannot be intercepted",
        SkipReason.LocalFunction => "local functions cannot be intercepted",
        SkipReason.Lambda => "a lambda is called through a delegate and cannot be intercepted",
        SkipReason.DynamicCall => "a dynamic call is bound at run time, so the compiler cannot intercept it",
        SkipReason.UnresolvedCall => "the call does not bind to one method",
        SkipReason.NoInterceptableLocation => "the compiler gives no interceptable location for this call",
        SkipReason.ConstrainedCall => "an interface member called on a type parameter that may be a struct (or a static abstract member) cannot be intercepted without boxing",
        SkipReason.InaccessibleSignatureType => "its declaring type or a type in its signature is private or protected, so generated code cannot name it",
        SkipReason.InaccessibleGeneric => "a private or protected method of a generic type (or a private generic method before .NET 9) cannot be reached by generated code",
        SkipReason.InaccessibleWithoutUnsafeAccessor => "a private or protected method needs UnsafeAccessor, which this target framework lacks (netstandard2.0, .NET before 8)",
        SkipReason.ResultTypeNotProbed => "its ValueTask or async-enumerable return type is not the one Edm.Profiling's probes take on this target (a copy the project declares itself?)",
        SkipReason.InaccessibleInStaticClass => "a private method of a static class can be reached only on .NET 10 and later",
        SkipReason.UnsupportedSignature => "generated code cannot repeat its signature",
        SkipReason.UnsupportedIterator => "an iterator returning the non-generic IEnumerator has no probe wrapper",
        SkipReason.TypeParameterNameClash => "its declaring type and the method reuse a type parameter name",
        SkipReason.UnlistedReferencedType => "its assembly keeps [Profile] but was not built with EdmProfiling=true, so it lists no profiled types",
        SkipReason.GeneratorFault => "the generator met something it did not expect here",
        _ => reason.ToString(),
    };
}
