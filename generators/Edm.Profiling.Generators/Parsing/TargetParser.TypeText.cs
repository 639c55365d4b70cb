using System.Collections.Generic;
using Edm.Profiling.Generators.Emitting;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>Types, names, modifiers and constraints as generated code writes them.</summary>
internal static partial class TargetParser
{
    /// <summary>Types as generated code writes them: <c>global::</c> names, keywords, nullable annotations kept.</summary>
    private static readonly SymbolDisplayFormat s_codeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Types for a target with nullable-oblivious parts: written in a disabled nullable context, so no <c>?</c> on reference types.</summary>
    private static readonly SymbolDisplayFormat s_obliviousFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>Full metadata name, with <c>+</c> for nesting and arity suffixes: what <c>GetTypeByMetadataName</c> takes.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            return MetadataName(outer) + "+" + type.MetadataName;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? ns.ToDisplayString() + "." + type.MetadataName
            : type.MetadataName;
    }

    private static string Modifier(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.RefReadOnlyParameter => "ref readonly",
        _ => string.Empty,
    };

    private static string ParameterName(IParameterSymbol parameter, int index)
    {
        string name = string.IsNullOrEmpty(parameter.Name) ? "arg" + index : parameter.Name;
        return CSharpNames.Escape(name);
    }

    /// <summary>The text after <c>where T :</c>, in the order C# requires, or empty.</summary>
    private static string Constraints(ITypeParameterSymbol typeParameter, SymbolDisplayFormat format)
    {
        var parts = new List<string>();
        if (typeParameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (typeParameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (typeParameter.HasReferenceTypeConstraint)
        {
            parts.Add(typeParameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated && format == s_codeFormat ? "class?" : "class");
        }
        else if (typeParameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
        {
            parts.Add(constraint.ToDisplayString(format));
        }

        if (typeParameter.HasConstructorConstraint)
        {
            parts.Add("new()");
        }

        if (typeParameter.AllowsRefLikeType)
        {
            parts.Add("allows ref struct");
        }

        return string.Join(", ", parts);
    }
}
