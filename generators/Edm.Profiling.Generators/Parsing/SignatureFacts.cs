using System.Collections.Immutable;
using System.Linq;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Reads what the compiler compares between an interceptor and the method it intercepts, beyond the
/// types: nullability and flow attributes (CS9158/CS9159 on a mismatch, CS8770 for a missing
/// <c>[DoesNotReturn]</c>), pointers (<c>unsafe</c>) and nullable-oblivious types.
/// </summary>
internal static class SignatureFacts
{
    private const string CodeAnalysisNamespace = "System.Diagnostics.CodeAnalysis";

    /// <summary>
    /// Parameter attributes that change what nullability analysis expects of an argument or an out value,
    /// and <c>[UnscopedRef]</c> (an <c>out</c> value that may be returned by reference): copied so the
    /// interceptor's parameters match the target's exactly.
    /// </summary>
    private static readonly ImmutableHashSet<string> s_parameterAttributes = ImmutableHashSet.Create(
        "AllowNullAttribute",
        "DisallowNullAttribute",
        "MaybeNullAttribute",
        "NotNullAttribute",
        "MaybeNullWhenAttribute",
        "NotNullWhenAttribute",
        "NotNullIfNotNullAttribute",
        "DoesNotReturnIfAttribute",
        "UnscopedRefAttribute");

    private static readonly ImmutableHashSet<string> s_returnAttributes = ImmutableHashSet.Create(
        "MaybeNullAttribute",
        "NotNullAttribute",
        "NotNullIfNotNullAttribute");

    // [MemberNotNull]/[MemberNotNullWhen] are not copied: they name members of the target's type, which
    // the interceptor's class lacks (CS8776), and the caller's flow analysis reads them from the target,
    // which is what the call binds to; interception happens after that analysis.
    private static readonly ImmutableHashSet<string> s_methodAttributes = ImmutableHashSet.Create("DoesNotReturnAttribute");

    /// <summary>The attribute lists to write before a parameter, e.g. <c>[global::…NotNullWhen(true)] </c>, or empty.</summary>
    public static string ParameterAttributes(IParameterSymbol parameter) =>
        string.Concat(Matching(parameter.GetAttributes(), s_parameterAttributes).Select(text => "[" + text + "] "));

    /// <summary>The facts of <paramref name="method"/>'s signature an interceptor must repeat.</summary>
    public static SignatureAnnotations For(IMethodSymbol method)
    {
        string methodAttributes = string.Concat(Matching(method.GetAttributes(), s_methodAttributes).Select(text => "[" + text + "]"));
        string returnAttributes = string.Concat(Matching(method.GetReturnTypeAttributes(), s_returnAttributes).Select(text => "[return: " + text + "]"));
        bool isUnsafe = (!method.ReturnsVoid && ContainsPointer(method.ReturnType)) || method.Parameters.Any(p => ContainsPointer(p.Type));
        bool isOblivious = (!method.ReturnsVoid && HasObliviousPart(method.ReturnType)) || method.Parameters.Any(p => HasObliviousPart(p.Type));
        var annotations = new SignatureAnnotations(methodAttributes, returnAttributes, isUnsafe, isOblivious);
        return annotations == SignatureAnnotations.None ? SignatureAnnotations.None : annotations;
    }

    /// <summary>Whether a pointer or function pointer appears anywhere in <paramref name="type"/>.</summary>
    public static bool ContainsPointer(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => ContainsPointer(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsPointer),
        _ => false,
    };

    /// <summary>
    /// Whether a reference type (or a type parameter that may be one) in <paramref name="type"/> has no
    /// nullable annotation at all, neither <c>?</c> nor "not null": it was declared without nullable context.
    /// </summary>
    private static bool HasObliviousPart(ITypeSymbol type)
    {
        bool mayBeReference = type.IsReferenceType || type is ITypeParameterSymbol { IsValueType: false };
        if (mayBeReference && type.NullableAnnotation == NullableAnnotation.None)
        {
            return true;
        }

        return type switch
        {
            IArrayTypeSymbol array => HasObliviousPart(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(HasObliviousPart),
            _ => false,
        };
    }

    private static ImmutableArray<string> Matching(ImmutableArray<AttributeData> attributes, ImmutableHashSet<string> names)
    {
        ImmutableArray<string>.Builder texts = ImmutableArray.CreateBuilder<string>();
        foreach (AttributeData attribute in attributes)
        {
            if (attribute.AttributeClass is { } type && names.Contains(type.Name) && type.ContainingNamespace.ToDisplayString() == CodeAnalysisNamespace)
            {
                string arguments = string.Join(", ", attribute.ConstructorArguments.Select(argument => argument.ToCSharpString()));
                texts.Add("global::" + CodeAnalysisNamespace + "." + type.Name.Substring(0, type.Name.Length - "Attribute".Length)
                    + (arguments.Length > 0 ? "(" + arguments + ")" : string.Empty));
            }
        }

        return texts.ToImmutable();
    }
}
