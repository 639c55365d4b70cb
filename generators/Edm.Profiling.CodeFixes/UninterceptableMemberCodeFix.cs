using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// Fixes for EDM001 ([Profile] on a member no interceptor reaches): remove the member's [Profile], or
/// keep the measurement by timing the body with a <c>Profiler.Scope</c>, which works inside any body
/// that is not async or an iterator. (Members covered by their type's [Profile] are EDM011's, with
/// <see cref="UnreachableTypeMembersCodeFix"/>.)
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UninterceptableMemberCodeFix))]
[Shared]
public sealed class UninterceptableMemberCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UninterceptableMember.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode located = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            AttributeSyntax? attribute = located.FirstAncestorOrSelf<AttributeSyntax>();
            SyntaxNode? declaration = attribute is null ? null : AttributeEdits.OwnerOf(attribute);
            if (attribute is null || declaration is null)
            {
                continue;
            }

            string name = diagnostic.Properties.TryGetValue(DeclarationAnalyzer.ScopeNameProperty, out string? scopeName) && scopeName is not null ? scopeName : "scope";
            int layer = diagnostic.Properties.TryGetValue(DeclarationAnalyzer.LayerProperty, out string? layerText)
                && int.TryParse(layerText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : 0;
            string lineEnding = AttributeEdits.LineEnding(root);

            SyntaxNode Unannotate(SyntaxNode node) => AttributeEdits.Remove(node, (AttributeSyntax)node.GetCurrentNode(attribute)!);

            const string DropTitle = "Remove [Profile]";
            context.RegisterCodeFix(
                CodeAction.Create(
                    DropTitle,
                    token => Replace(context.Document, root, declaration, Unannotate),
                    equivalenceKey: DropTitle),
                diagnostic);

            if (BodyScope.Fits(declaration))
            {
                const string ScopeTitle = "Time the body with Profiler.Scope";
                context.RegisterCodeFix(
                    CodeAction.Create(
                        ScopeTitle,
                        async token =>
                        {
                            SemanticModel? model = await context.Document.GetSemanticModelAsync(token).ConfigureAwait(false);
                            bool returnsVoid = model?.GetDeclaredSymbol(declaration, token) is IMethodSymbol { ReturnsVoid: true } or null;
                            return await Replace(context.Document, root, declaration, node =>
                                Unannotate(BodyScope.Wrap(node, ScopeStatement.Create(ScopeStatement.FreeName(declaration), name, layer, lineEnding), returnsVoid))).ConfigureAwait(false);
                        },
                        equivalenceKey: ScopeTitle),
                    diagnostic);
            }
        }
    }

    private static Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode declaration, System.Func<SyntaxNode, SyntaxNode> edit)
    {
        SyntaxNode tracked = root.TrackNodes(declaration.DescendantNodesAndSelf().OfType<AttributeSyntax>().Cast<SyntaxNode>().Append(declaration));
        SyntaxNode current = tracked.GetCurrentNode(declaration)!;
        SyntaxNode replaced = tracked.ReplaceNode(current, edit(current));
        return Task.FromResult(document.WithSyntaxRoot(replaced));
    }
}
