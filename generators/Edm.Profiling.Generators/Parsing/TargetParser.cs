using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>Turns a profiled method symbol into a <see cref="TargetSpec"/>: the probe facts and the interceptor's shape.</summary>
internal static class TargetParser
{
    private static readonly ConditionalWeakTable<SyntaxNode, DeclarationMemo> s_byDeclaration = new();

    /// <summary>Types as generated code writes them: <c>global::</c> names, keywords, nullable annotations kept.</summary>
    private static readonly SymbolDisplayFormat s_codeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Types for a target with nullable-oblivious parts: written in a disabled nullable context, so no <c>?</c> on reference types.</summary>
    private static readonly SymbolDisplayFormat s_obliviousFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>
    /// The targets a <c>[Profile]</c> declaration found by <c>ForAttributeWithMetadataName</c> gives: the
    /// method itself, or every ordinary method of the type that has no attribute of its own.
    /// </summary>
    public static EquatableArray<TargetSpec> ParseDeclaration(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            // The transform runs for every annotated declaration on every compilation; an unchanged
            // declaration under an unchanged fingerprint gives the same targets, so reuse them.
            DeclarationFingerprint fingerprint = DeclarationFingerprint.For(context.SemanticModel.Compilation);
            DeclarationMemo memo = s_byDeclaration.GetValue(context.TargetNode, static _ => new DeclarationMemo());
            if (Volatile.Read(ref memo.Latest) is { } remembered && remembered.Fingerprint.Equals(fingerprint))
            {
                return remembered.Targets;
            }

            EquatableArray<TargetSpec> targets = ParseSymbol(context.TargetSymbol, context.SemanticModel.Compilation, cancellationToken);
            Volatile.Write(ref memo.Latest, new DeclarationTargets(fingerprint, targets));
            return targets;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault here loses these targets, never the build: their calls simply stay unprobed.
            return EquatableArray<TargetSpec>.Empty;
        }
    }

    private static EquatableArray<TargetSpec> ParseSymbol(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken) => symbol switch
    {
        IMethodSymbol method when ProfileAnnotations.For(method) is { } annotation =>
            new EquatableArray<TargetSpec>(ImmutableArray.Create(Parse(method, annotation, compilation))),
        INamedTypeSymbol type => ParseTypeMembers(type, compilation, cancellationToken),
        _ => EquatableArray<TargetSpec>.Empty,
    };

    /// <summary>The targets of a profiled type: its ordinary methods, minus <c>[NoProfile]</c> and those with their own attribute.</summary>
    public static EquatableArray<TargetSpec> ParseTypeMembers(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        ImmutableArray<TargetSpec>.Builder targets = ImmutableArray.CreateBuilder<TargetSpec>();
        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is IMethodSymbol method && ProfileAnnotations.For(method) is { OnMember: false } annotation)
            {
                targets.Add(Parse(method, annotation, compilation));
            }
        }

        return new EquatableArray<TargetSpec>(targets.ToImmutable());
    }

    /// <summary>Describes one profiled method; <see cref="TargetSpec.Skip"/> says when its calls cannot be intercepted.</summary>
    public static TargetSpec Parse(IMethodSymbol method, ProfileAnnotation annotation, Compilation compilation)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        SignatureAnnotations annotations = SignatureFacts.For(method);
        SymbolDisplayFormat format = annotations.IsOblivious ? s_obliviousFormat : s_codeFormat;
        var typeParameters = new List<TypeParameterSpec>();
        var containingTypes = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            containingTypes.Insert(0, type);
        }

        foreach (INamedTypeSymbol type in containingTypes)
        {
            foreach (ITypeParameterSymbol typeParameter in type.TypeParameters)
            {
                typeParameters.Add(new TypeParameterSpec(typeParameter.Name, Constraints(typeParameter, format)));
            }
        }

        foreach (ITypeParameterSymbol typeParameter in method.TypeParameters)
        {
            typeParameters.Add(new TypeParameterSpec(typeParameter.Name, Constraints(typeParameter, format)));
        }

        var parameters = ImmutableArray.CreateBuilder<ParameterSpec>(method.Parameters.Length);
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            parameters.Add(new ParameterSpec(
                ParameterName(parameter, i),
                parameter.Type.ToDisplayString(format),
                Modifier(parameter.RefKind),
                parameter.IsParams,
                parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out && !parameter.IsParams,
                SignatureFacts.ParameterAttributes(parameter)));
        }

        (ResultShape shape, string? elementType) = ShapeOf(method, format);
        (AccessPath access, SkipReason skip, string? accessorTypeName) = AccessOf(method, compilation, typeParameters.Count);
        if (skip == SkipReason.None && !RuntimeProbes.Take(shape, method.ReturnType, compilation))
        {
            skip = SkipReason.ResultTypeNotProbed;
        }

        if (skip == SkipReason.None)
        {
            skip = SkipOf(method, typeParameters, shape, compilation, needsTypeName: accessorTypeName is null);
        }

        FileLinePositionSpan? declaration = method.Locations.Length > 0 && method.Locations[0].IsInSource
            ? method.Locations[0].GetLineSpan()
            : null;
        var probe = new ProbeSpec(
            annotation.Name ?? ProbeNames.DisplayName(method),
            ProbeNames.DeclaringType(method),
            ProbeNames.Signature(method),
            declaration?.Path,
            declaration is { } span ? span.StartLinePosition.Line + 1 : 0,
            annotation.Layer,
            annotation.Category,
            annotation.Sampling);

        return new TargetSpec(
            method.GetDocumentationCommentId() ?? method.ToDisplayString(),
            MetadataName(method.ContainingType),
            method.Name,
            probe,
            method.ContainingType.ToDisplayString(s_codeFormat),
            FormOf(method),
            new EquatableArray<TypeParameterSpec>(typeParameters.ToImmutableArray()),
            method.TypeParameters.Length,
            new EquatableArray<ParameterSpec>(parameters.MoveToImmutable()),
            method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(format),
            method.ReturnsByRefReadonly ? "ref readonly" : method.ReturnsByRef ? "ref" : string.Empty,
            shape,
            elementType,
            access,
            skip,
            accessorTypeName,
            annotations == SignatureAnnotations.None ? null : annotations);
    }

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

    private static CallForm FormOf(IMethodSymbol method)
    {
        if (method.IsExtensionMethod)
        {
            return CallForm.Extension;
        }

        if (method.IsStatic)
        {
            return CallForm.Static;
        }

        if (method.ContainingType.IsValueType)
        {
            return method.IsReadOnly || method.ContainingType.IsReadOnly ? CallForm.ReadOnlyStructInstance : CallForm.StructInstance;
        }

        return CallForm.Instance;
    }

    private static (ResultShape Shape, string? ElementType) ShapeOf(IMethodSymbol method, SymbolDisplayFormat format)
    {
        if (method.ReturnsVoid || method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType is not INamedTypeSymbol returnType)
        {
            return (ResultShape.Sync, null);
        }

        string? argument = returnType.TypeArguments.Length == 1 ? returnType.TypeArguments[0].ToDisplayString(format) : null;
        string name = MetadataName(returnType.OriginalDefinition);
        switch (name)
        {
            case "System.Threading.Tasks.Task":
                return (ResultShape.Task, null);
            case "System.Threading.Tasks.Task`1":
                return (ResultShape.TaskOfT, argument);
            case "System.Threading.Tasks.ValueTask":
                return (ResultShape.ValueTask, null);
            case "System.Threading.Tasks.ValueTask`1":
                return (ResultShape.ValueTaskOfT, argument);
        }

        if (!IsIterator(method))
        {
            return (ResultShape.Sync, null);
        }

        return name switch
        {
            "System.Collections.IEnumerable" => (ResultShape.Enumerable, null),
            "System.Collections.Generic.IEnumerable`1" => (ResultShape.EnumerableOfT, argument),
            "System.Collections.Generic.IEnumerator`1" => (ResultShape.EnumeratorOfT, argument),
            "System.Collections.Generic.IAsyncEnumerable`1" => (ResultShape.AsyncEnumerableOfT, argument),
            "System.Collections.Generic.IAsyncEnumerator`1" => (ResultShape.AsyncEnumeratorOfT, argument),
            _ => (ResultShape.Sync, null),
        };
    }

    /// <summary>
    /// Only real iterators get the enumeration wrapper: any other method returning a sequence must hand
    /// the caller the very object it returns. Source says so directly; metadata through the state machine attribute.
    /// </summary>
    private static bool IsIterator(IMethodSymbol method)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (ContainsYield(reference.GetSyntax()))
            {
                return true;
            }
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "IteratorStateMachineAttribute" or "AsyncIteratorStateMachineAttribute" } type
                && type.ContainingNamespace.ToDisplayString() == "System.Runtime.CompilerServices")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>yield</c> in the method's own body (not in a lambda or local function inside it).</summary>
    private static bool ContainsYield(SyntaxNode declaration)
    {
        SyntaxNode? body = declaration switch
        {
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            _ => null,
        };

        return body is not null && body
            .DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(node => node is YieldStatementSyntax);
    }

    private static (AccessPath Access, SkipReason Skip, string? AccessorTypeName) AccessOf(IMethodSymbol method, Compilation compilation, int typeParameterCount)
    {
        if (compilation.IsSymbolAccessibleWithin(method, compilation.Assembly))
        {
            return (AccessPath.Direct, SkipReason.None, null);
        }

        if (compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.UnsafeAccessorAttribute") is null)
        {
            return (AccessPath.UnsafeAccessor, SkipReason.InaccessibleWithoutUnsafeAccessor, null);
        }

        // UnsafeAccessor learnt generic methods in .NET 9. Generic declaring types would need the
        // accessor in a generic class of their own: not generated.
        if (typeParameterCount > method.TypeParameters.Length
            || (typeParameterCount > 0 && compilation.ObjectType.ContainingAssembly.Identity.Version.Major < 9))
        {
            return (AccessPath.UnsafeAccessor, SkipReason.InaccessibleGeneric, null);
        }

        INamedTypeSymbol type = method.ContainingType;
        if (!method.IsStatic || (!type.IsStatic && TypeIsNameable(type, compilation)))
        {
            return (AccessPath.UnsafeAccessor, SkipReason.None, null);
        }

        // A static method whose type cannot be a parameter: .NET 10 lets the accessor name the type instead.
        if (compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.UnsafeAccessorTypeAttribute") is not null)
        {
            return (AccessPath.UnsafeAccessor, SkipReason.None, MetadataName(type) + ", " + type.ContainingAssembly.Name);
        }

        return (AccessPath.UnsafeAccessor, type.IsStatic ? SkipReason.InaccessibleInStaticClass : SkipReason.InaccessibleSignatureType, null);
    }

    private static SkipReason SkipOf(IMethodSymbol method, List<TypeParameterSpec> typeParameters, ResultShape shape, Compilation compilation, bool needsTypeName)
    {
        switch (method.MethodKind)
        {
            case MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor:
                return SkipReason.Constructor;
            case MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise:
                return SkipReason.Property;
            case MethodKind.UserDefinedOperator or MethodKind.BuiltinOperator or MethodKind.Conversion:
                return SkipReason.Operator;
            case MethodKind.LocalFunction:
                return SkipReason.LocalFunction;
            case MethodKind.AnonymousFunction:
                return SkipReason.Lambda;
        }

        if (method.IsStatic && (method.IsAbstract || method.IsVirtual) && method.ContainingType.TypeKind == TypeKind.Interface)
        {
            return SkipReason.ConstrainedCall;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (TypeParameterSpec typeParameter in typeParameters)
        {
            if (!names.Add(typeParameter.Name))
            {
                return SkipReason.TypeParameterNameClash;
            }
        }

        if (needsTypeName && !IsNameable(method.ContainingType))
        {
            return SkipReason.InaccessibleSignatureType;
        }

        if (!method.ReturnsVoid && !IsNameable(method.ReturnType))
        {
            return SkipReason.InaccessibleSignatureType;
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (!IsNameable(parameter.Type))
            {
                return SkipReason.InaccessibleSignatureType;
            }
        }

        if (shape == ResultShape.Sync && IsIterator(method) && method.ReturnType.SpecialType == SpecialType.System_Collections_IEnumerator)
        {
            return SkipReason.UnsupportedIterator;
        }

        return SkipReason.None;

        bool IsNameable(ITypeSymbol type) => TypeIsNameable(type, compilation);
    }

    /// <summary>Whether generated code at namespace level of this assembly can write <paramref name="type"/>.</summary>
    private static bool TypeIsNameable(ITypeSymbol type, Compilation compilation)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
            case IDynamicTypeSymbol:
                return true;
            case IArrayTypeSymbol array:
                return TypeIsNameable(array.ElementType, compilation);
            case IPointerTypeSymbol pointer:
                return TypeIsNameable(pointer.PointedAtType, compilation);
            case IFunctionPointerTypeSymbol functionPointer:
                return TypeIsNameable(functionPointer.Signature.ReturnType, compilation)
                    && functionPointer.Signature.Parameters.All(p => TypeIsNameable(p.Type, compilation));
            case INamedTypeSymbol { IsAnonymousType: false, IsFileLocal: false } named
                when named is not IErrorTypeSymbol && compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly):
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (!TypeIsNameable(argument, compilation))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
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
        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
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

    private sealed class DeclarationMemo
    {
        public DeclarationTargets? Latest;
    }

    private sealed class DeclarationTargets(DeclarationFingerprint fingerprint, EquatableArray<TargetSpec> targets)
    {
        public DeclarationFingerprint Fingerprint { get; } = fingerprint;

        public EquatableArray<TargetSpec> Targets { get; } = targets;
    }
}
