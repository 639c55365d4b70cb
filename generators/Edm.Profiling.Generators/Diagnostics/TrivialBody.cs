using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// Recognises a method too small for a Detailed probe: a single expression that calls nothing and
/// allocates nothing a reader can see (no invocation, <c>new</c>, collection, lambda, string
/// interpolation, <c>await</c> or query). Syntax only: cheap enough to run on every declaration.
/// </summary>
internal static class TrivialBody
{
    public static bool IsTrivial(MethodDeclarationSyntax method) =>
        method.Body is null
        && method.ExpressionBody is { Expression: var expression }
        && !method.Modifiers.Any(modifier => modifier.ValueText == "async")
        && !expression.DescendantNodesAndSelf().Any(IsWork);

    private static bool IsWork(SyntaxNode node) => node is InvocationExpressionSyntax
        or BaseObjectCreationExpressionSyntax
        or ArrayCreationExpressionSyntax
        or ImplicitArrayCreationExpressionSyntax
        or AnonymousObjectCreationExpressionSyntax
        or CollectionExpressionSyntax
        or InitializerExpressionSyntax
        or AnonymousFunctionExpressionSyntax
        or InterpolatedStringExpressionSyntax
        or AwaitExpressionSyntax
        or QueryExpressionSyntax
        or StackAllocArrayCreationExpressionSyntax
        or ImplicitStackAllocArrayCreationExpressionSyntax
        or ThrowExpressionSyntax;
}
