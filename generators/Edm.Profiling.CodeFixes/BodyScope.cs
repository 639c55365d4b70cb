using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Edm.Profiling.CodeFixes;

/// <summary>Puts a statement at the top of a member's body, turning an expression body into a block.</summary>
internal static class BodyScope
{
    /// <summary>
    /// Whether a scope around the body measures the member: it has a body, and is neither async (a
    /// scope must not span an await) nor an iterator (the body runs piecemeal, in MoveNext).
    /// </summary>
    public static bool Fits(SyntaxNode declaration)
    {
        (BlockSyntax? block, ArrowExpressionClauseSyntax? arrow) = BodyOf(declaration);
        if (block is null && arrow is null)
        {
            return false;
        }

        SyntaxTokenList modifiers = declaration switch
        {
            BaseMethodDeclarationSyntax method => method.Modifiers,
            LocalFunctionStatementSyntax local => local.Modifiers,
            AccessorDeclarationSyntax accessor => accessor.Modifiers,
            _ => default,
        };
        if (modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return false;
        }

        SyntaxNode body = (SyntaxNode?)block ?? arrow!;
        return !body.DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();
    }

    /// <summary>The declaration with <paramref name="statement"/> first in its body.</summary>
    public static SyntaxNode Wrap(SyntaxNode declaration, StatementSyntax statement, bool returnsVoid)
    {
        (BlockSyntax? block, ArrowExpressionClauseSyntax? arrow) = BodyOf(declaration);
        if (block is not null)
        {
            return declaration.ReplaceNode(block, block.WithStatements(block.Statements.Insert(0, statement)));
        }

        if (arrow is null)
        {
            return declaration;
        }

        ExpressionSyntax expression = arrow.Expression.WithoutTrivia();
        StatementSyntax body = expression switch
        {
            ThrowExpressionSyntax thrown => SyntaxFactory.ThrowStatement(thrown.Expression),
            _ when returnsVoid => SyntaxFactory.ExpressionStatement(expression),
            _ => SyntaxFactory.ReturnStatement(expression),
        };
        BlockSyntax newBlock = SyntaxFactory.Block(statement, body).WithAdditionalAnnotations(Formatter.Annotation);
        return declaration switch
        {
            BaseMethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(newBlock.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia)),
            LocalFunctionStatementSyntax local => local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(newBlock.WithTrailingTrivia(local.SemicolonToken.TrailingTrivia)),
            AccessorDeclarationSyntax accessor => accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(newBlock.WithTrailingTrivia(accessor.SemicolonToken.TrailingTrivia)),
            _ => declaration,
        };
    }

    private static (BlockSyntax? Block, ArrowExpressionClauseSyntax? Arrow) BodyOf(SyntaxNode declaration) => declaration switch
    {
        BaseMethodDeclarationSyntax method => (method.Body, method.ExpressionBody),
        LocalFunctionStatementSyntax local => (local.Body, local.ExpressionBody),
        AccessorDeclarationSyntax accessor => (accessor.Body, accessor.ExpressionBody),
        _ => (null, null),
    };
}
