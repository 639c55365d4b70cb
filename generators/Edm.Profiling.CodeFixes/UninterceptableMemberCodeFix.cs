using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// Fixes for EDM001 ([Profile] on a member no interceptor reaches): remove the member's [Profile], or
/// keep the measurement by timing the body with a <c>Profiler.Scope</c>, which works inside any body
/// that is not async or an iterator. (Members covered by their type's [Profile] are EDM011's, with
/// <see cref="UnreachableTypeMembersCodeFix"/>.)
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UninterceptableMemberCodeFix))]
[Shared]
public sealed class UninterceptableMemberCodeFix : EdmCodeFixProvider
{
    public UninterceptableMemberCodeFix()
        : base(DiagnosticDescriptors.UninterceptableMember, batchFixAll: true)
    {
    }

    /// <inheritdoc/>
    private protected override Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        SyntaxNode located = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        AttributeSyntax? attribute = located.FirstAncestorOrSelf<AttributeSyntax>();
        SyntaxNode? declaration = attribute is null ? null : AttributeEdits.OwnerOf(attribute);
        if (attribute is null || declaration is null)
        {
            return Task.CompletedTask;
        }

        string name = diagnostic.Properties.TryGetValue(DeclarationAnalyzer.ScopeNameProperty, out string? scopeName) && scopeName is not null ? scopeName : "scope";
        int layer = diagnostic.Properties.TryGetValue(DeclarationAnalyzer.LayerProperty, out string? layerText)
            && int.TryParse(layerText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : 0;
        string lineEnding = AttributeEdits.LineEnding(root);

        SyntaxNode Unannotate(SyntaxNode node) => AttributeEdits.Remove(node, (AttributeSyntax)node.GetCurrentNode(attribute)!);

        Offer(context, diagnostic, "Remove [Profile]", token => Replace(context.Document, root, declaration, Unannotate));

        if (BodyScope.Fits(declaration))
        {
            Offer(context, diagnostic, "Time the body with Profiler.Scope", async token =>
            {
                SemanticModel? model = await context.Document.GetSemanticModelAsync(token).ConfigureAwait(false);
                bool returnsVoid = model?.GetDeclaredSymbol(declaration, token) is IMethodSymbol { ReturnsVoid: true } or null;
                return await Replace(context.Document, root, declaration, node =>
                    Unannotate(BodyScope.Wrap(node, ScopeStatement.Create(ScopeStatement.FreeName(declaration), name, layer, lineEnding), returnsVoid))).ConfigureAwait(false);
            });
        }

        return Task.CompletedTask;
    }

    private static Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode declaration, System.Func<SyntaxNode, SyntaxNode> edit)
    {
        SyntaxNode tracked = root.TrackNodes(declaration.DescendantNodesAndSelf().OfType<AttributeSyntax>().Cast<SyntaxNode>().Append(declaration));
        SyntaxNode current = tracked.GetCurrentNode(declaration)!;
        SyntaxNode replaced = tracked.ReplaceNode(current, edit(current));
        return Task.FromResult(document.WithSyntaxRoot(replaced));
    }
}
