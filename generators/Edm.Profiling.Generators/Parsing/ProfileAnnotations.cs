using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Reads <c>[Profile]</c> and <c>[NoProfile]</c> from symbols, in source or in metadata alike (a library
/// built with the flag keeps them, because its build defines <c>EDM_PROFILING_METADATA</c>).
/// </summary>
internal static class ProfileAnnotations
{
    /// <summary>Metadata name of the attribute that marks methods and types.</summary>
    public const string ProfileAttributeName = "Edm.Profiling.ProfileAttribute";

    private const string ProfileTypeName = "ProfileAttribute";
    private const string NoProfileTypeName = "NoProfileAttribute";

    /// <summary>
    /// The annotation in effect for <paramref name="method"/>: its own <c>[Profile]</c>, else its type's
    /// (for ordinary, explicitly declared methods without <c>[NoProfile]</c>), else null.
    /// </summary>
    public static ProfileAnnotation? For(IMethodSymbol method)
    {
        ImmutableArray<AttributeData> own = method.GetAttributes();
        if (Find(own, ProfileTypeName) is { } memberAttribute)
        {
            ProfileAnnotation member = Read(memberAttribute, onMember: true);
            if (member.Category is null && method.ContainingType is { } owner && Find(owner.GetAttributes(), ProfileTypeName) is { } typeAttribute)
            {
                return member with { Category = Read(typeAttribute, onMember: false).Category };
            }

            return member;
        }

        if (method.MethodKind != MethodKind.Ordinary || method.IsImplicitlyDeclared || Find(own, NoProfileTypeName) is not null)
        {
            return null;
        }

        return method.ContainingType is { } type && Find(type.GetAttributes(), ProfileTypeName) is { } attribute
            ? Read(attribute, onMember: false) with { Name = null }
            : null;
    }

    /// <summary>Whether <paramref name="type"/> carries <c>[Profile]</c> itself.</summary>
    public static bool IsProfiledType(INamedTypeSymbol type) => Find(type.GetAttributes(), ProfileTypeName) is not null;

    /// <summary>The <c>[Profile]</c> written on <paramref name="symbol"/> itself, or null.</summary>
    public static AttributeData? ProfileAttributeOf(ISymbol symbol) => Find(symbol.GetAttributes(), ProfileTypeName);

    /// <summary>The <c>[NoProfile]</c> written on <paramref name="symbol"/> itself, or null.</summary>
    public static AttributeData? NoProfileAttributeOf(ISymbol symbol) => Find(symbol.GetAttributes(), NoProfileTypeName);

    /// <summary>The <c>Layer</c> one <c>[Profile]</c> attribute sets: Lightweight (0) unless it says otherwise.</summary>
    public static int LayerOf(AttributeData attribute) => Read(attribute, onMember: true).Layer;

    private static AttributeData? Find(ImmutableArray<AttributeData> attributes, string typeName)
    {
        foreach (AttributeData attribute in attributes)
        {
            if (attribute.AttributeClass is { Name: var name, ContainingNamespace: var ns }
                && name == typeName
                && ns is { Name: "Profiling", ContainingNamespace: { Name: "Edm", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return attribute;
            }
        }

        return null;
    }

    private static ProfileAnnotation Read(AttributeData attribute, bool onMember)
    {
        int layer = 0;
        string? name = null;
        string? category = null;
        bool sampling = true;
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int constructorLayer)
        {
            layer = constructorLayer;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Layer" when argument.Value.Value is int namedLayer:
                    layer = namedLayer;
                    break;
                case "Name":
                    name = argument.Value.Value as string;
                    break;
                case "Category":
                    category = argument.Value.Value as string;
                    break;
                case "Sampling" when argument.Value.Value is bool namedSampling:
                    sampling = namedSampling;
                    break;
            }
        }

        return new ProfileAnnotation(layer, name, category, onMember, sampling);
    }
}
