using System.Composition;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// Fix for EDM004: the scope becomes a <c>using</c> declaration, disposed at the end of the enclosing
/// block. <c>var s = Profiler.Scope(…);</c> gains <c>using</c>; a discarded scope gets a variable of its own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ScopeUsingCodeFix))]
[Shared]
public sealed class ScopeUsingCodeFix : EdmCodeFixProvider
{
    private const string Title = "Dispose the scope with 'using'";

    public ScopeUsingCodeFix()
        : base(DiagnosticDescriptors.ScopeNotDisposed, batchFixAll: true)
    {
    }

    /// <inheritdoc/>
    private protected override Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
            && Rewrite(invocation) is (StatementSyntax statement, StatementSyntax replacement))
        {
            OfferReplacement(context, diagnostic, Title, root, statement, replacement);
        }

        return Task.CompletedTask;
    }

    /// <summary>The statement holding the scope and what replaces it, or null when a using declaration cannot go there.</summary>
    private static (StatementSyntax Statement, StatementSyntax Replacement)? Rewrite(InvocationExpressionSyntax invocation)
    {
        SyntaxNode value = invocation;
        while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            value = value.Parent;
        }

        switch (value.Parent)
        {
            // Profiler.Scope("x");   or   _ = Profiler.Scope("x");
            case ExpressionStatementSyntax statement when InBlock(statement):
                return (statement, WithVariable(statement, invocation));
            case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax statement } when InBlock(statement):
                return (statement, WithVariable(statement, invocation));

            // var s = Profiler.Scope("x");
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } }
                when InBlock(local) && local.UsingKeyword.IsKind(SyntaxKind.None):
                SyntaxToken first = local.GetFirstToken();
                LocalDeclarationStatementSyntax withUsing = local
                    .ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                    .WithUsingKeyword(SyntaxFactory.Token(first.LeadingTrivia, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
                return (local, withUsing);
            default:
                return null;
        }
    }

    private static LocalDeclarationStatementSyntax WithVariable(StatementSyntax statement, InvocationExpressionSyntax invocation)
    {
        string name = ScopeStatement.FreeName(statement.Parent!);
        LocalDeclarationStatementSyntax declaration = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(invocation.WithoutTrivia())))))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
            .NormalizeWhitespace();
        return declaration.WithTriviaFrom(statement);
    }

    /// <summary>Using declarations are allowed directly in a block or at top level, not as an embedded statement or in a switch section.</summary>
    private static bool InBlock(StatementSyntax statement) => statement.Parent is BlockSyntax or GlobalStatementSyntax;
}
