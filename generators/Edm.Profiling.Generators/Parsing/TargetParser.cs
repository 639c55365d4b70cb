using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Turns a profiled method symbol into a <see cref="TargetSpec"/>: the probe facts and the interceptor's shape.
/// The other parts: the memo of declarations (<c>TargetParser.Declarations.cs</c>), how generated code reaches the
/// method (<c>.Access.cs</c>), why it may not (<c>.Skips.cs</c>), and how types are written (<c>.TypeText.cs</c>).
/// </summary>
internal static partial class TargetParser
{
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
            annotations == SignatureAnnotations.None ? null : annotations,
            Exported: skip == SkipReason.None && access == AccessPath.Direct
                && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly)
                && IsEffectivelyPublic(method));
    }

    /// <summary>Public, and so is every type around it: any assembly can call it.</summary>
    private static bool IsEffectivelyPublic(IMethodSymbol method)
    {
        for (ISymbol? symbol = method; symbol is IMethodSymbol or INamedTypeSymbol; symbol = symbol.ContainingSymbol)
        {
            if (symbol.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
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
}
