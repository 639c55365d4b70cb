using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// What every Edm.Profiling code fix shares: the one diagnostic it fixes, whether Fix All applies it
/// in a batch, the document's syntax root read once, and a fix offered under a title that is also its
/// equivalence key. A fix says only what it offers for one diagnostic.
/// </summary>
public abstract class EdmCodeFixProvider : CodeFixProvider
{
    private readonly bool _batchFixAll;

    private protected EdmCodeFixProvider(DiagnosticDescriptor fixes, bool batchFixAll)
    {
        FixableDiagnosticIds = ImmutableArray.Create(fixes.Id);
        _batchFixAll = batchFixAll;
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider? GetFixAllProvider() => _batchFixAll ? WellKnownFixAllProviders.BatchFixer : null;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            await RegisterAsync(context, root, diagnostic).ConfigureAwait(false);
        }
    }

    /// <summary>Offers the fixes for one diagnostic of the document, if any fits.</summary>
    private protected abstract Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic);

    /// <summary>Offers a fix that edits the document.</summary>
    private protected static void Offer(CodeFixContext context, Diagnostic diagnostic, string title, Func<CancellationToken, Task<Document>> edit) =>
        context.RegisterCodeFix(CodeAction.Create(title, edit, equivalenceKey: title), diagnostic);

    /// <summary>Offers a fix that edits documents of the solution.</summary>
    private protected static void Offer(CodeFixContext context, Diagnostic diagnostic, string title, Func<CancellationToken, Task<Solution>> edit) =>
        context.RegisterCodeFix(CodeAction.Create(title, edit, equivalenceKey: title), diagnostic);

    /// <summary>Offers a fix that puts <paramref name="replacement"/> where <paramref name="node"/> is.</summary>
    private protected static void OfferReplacement(CodeFixContext context, Diagnostic diagnostic, string title, SyntaxNode root, SyntaxNode node, SyntaxNode replacement) =>
        Offer(context, diagnostic, title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, replacement))));
}
