using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Edm.Profiling.CodeFixes;

/// <summary>Adds and removes attributes on declarations, keeping comments and indentation where a person would.</summary>
internal static class AttributeEdits
{
    /// <summary>
    /// <c>[Edm.Profiling.Name(arguments)]</c>, written fully qualified and marked for simplification:
    /// it reads <c>[Name]</c> wherever the namespace is imported.
    /// </summary>
    public static AttributeSyntax Attribute(string name, string? arguments = null)
    {
        AttributeSyntax attribute = SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::Edm.Profiling." + name).WithAdditionalAnnotations(Simplifier.Annotation));
        if (arguments is null)
        {
            return attribute;
        }

        AttributeArgumentListSyntax list = SyntaxFactory.ParseAttributeArgumentList("(" + arguments + ")")!;
        return attribute.WithArgumentList(list.ReplaceNodes(
            list.DescendantNodes().OfType<ExpressionSyntax>(),
            (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation)));
    }

    /// <summary>Puts <paramref name="attribute"/> on a line of its own above <paramref name="declaration"/> (and above its other attributes).</summary>
    public static SyntaxNode AddFirst(SyntaxNode declaration, AttributeSyntax attribute, string lineEnding)
    {
        SyntaxTriviaList leading = declaration.GetLeadingTrivia();
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();
        AttributeListSyntax list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(lineEnding));
        SyntaxNode reindented = declaration.WithLeadingTrivia(indentation);
        return reindented switch
        {
            MemberDeclarationSyntax member => member.WithAttributeLists(member.AttributeLists.Insert(0, list)),
            AccessorDeclarationSyntax accessor => accessor.WithAttributeLists(accessor.AttributeLists.Insert(0, list)),
            LocalFunctionStatementSyntax local => local.WithAttributeLists(local.AttributeLists.Insert(0, list)),
            _ => declaration,
        };
    }

    /// <summary>
    /// Removes <paramref name="attribute"/> from the declaration that owns it: the whole line when it is
    /// alone in its list, and the comments above it stay with the declaration.
    /// </summary>
    public static SyntaxNode Remove(SyntaxNode declaration, AttributeSyntax attribute)
    {
        if (attribute.Parent is not AttributeListSyntax list)
        {
            return declaration;
        }

        if (list.Attributes.Count > 1)
        {
            return declaration.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        SyntaxList<AttributeListSyntax> lists = ListsOf(declaration);
        int index = lists.IndexOf(list);
        if (index < 0)
        {
            return declaration;
        }

        SyntaxList<AttributeListSyntax> remaining = lists.RemoveAt(index);
        SyntaxNode updated = WithLists(declaration, remaining);
        if (index == 0)
        {
            // The removed list carried the declaration's leading trivia (doc comments, indentation).
            SyntaxToken first = updated.GetFirstToken();
            updated = updated.ReplaceToken(first, first.WithLeadingTrivia(list.GetLeadingTrivia()));
        }

        return updated;
    }

    /// <summary>The declaration an attribute list belongs to.</summary>
    public static SyntaxNode? OwnerOf(AttributeSyntax attribute) => attribute.Parent?.Parent;

    /// <summary>The line ending the document uses.</summary>
    public static string LineEnding(SyntaxNode root) =>
        root.DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } endOfLine
            ? endOfLine.ToString()
            : "\n";

    private static SyntaxList<AttributeListSyntax> ListsOf(SyntaxNode declaration) => declaration switch
    {
        MemberDeclarationSyntax member => member.AttributeLists,
        AccessorDeclarationSyntax accessor => accessor.AttributeLists,
        LocalFunctionStatementSyntax local => local.AttributeLists,
        ParenthesizedLambdaExpressionSyntax lambda => lambda.AttributeLists,
        _ => default,
    };

    private static SyntaxNode WithLists(SyntaxNode declaration, SyntaxList<AttributeListSyntax> lists) => declaration switch
    {
        MemberDeclarationSyntax member => member.WithAttributeLists(lists),
        AccessorDeclarationSyntax accessor => accessor.WithAttributeLists(lists),
        LocalFunctionStatementSyntax local => local.WithAttributeLists(lists),
        ParenthesizedLambdaExpressionSyntax lambda => lambda.WithAttributeLists(lists),
        _ => declaration,
    };
}
