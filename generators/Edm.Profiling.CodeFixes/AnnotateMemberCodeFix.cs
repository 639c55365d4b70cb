using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// Fix for EDM003: puts <c>[Profile]</c> (with the implementation's layer) on the interface or base
/// member the call binds to, wherever in the solution it is declared. Offered only for members declared in source.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AnnotateMemberCodeFix))]
[Shared]
public sealed class AnnotateMemberCodeFix : EdmCodeFixProvider
{
    public AnnotateMemberCodeFix()
        : base(DiagnosticDescriptors.CalledThroughUnannotatedMember, batchFixAll: false)
    {
    }

    /// <inheritdoc/>
    private protected override async Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(CallSiteAnalyzer.MemberProperty, out string? memberId) && memberId is not null
            && await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false) is { } compilation
            && DocumentationCommentId.GetFirstSymbolForDeclarationId(memberId, compilation) is IMethodSymbol member
            && member.DeclaringSyntaxReferences.FirstOrDefault() is { } reference
            && context.Document.Project.Solution.GetDocument(reference.SyntaxTree) is { } target)
        {
            bool detailed = diagnostic.Properties.TryGetValue(CallSiteAnalyzer.LayerProperty, out string? layer) && layer == "1";
            Offer(context, diagnostic, $"Add [Profile] to '{member.ToDisplayString()}'", token => AnnotateAsync(target, reference, detailed, token));
        }
    }

    private static async Task<Solution> AnnotateAsync(Document document, SyntaxReference reference, bool detailed, CancellationToken cancellationToken)
    {
        SyntaxNode root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) ?? await reference.SyntaxTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        if (root.FindNode(reference.Span) is not MethodDeclarationSyntax declaration)
        {
            return document.Project.Solution;
        }

        AttributeSyntax attribute = AttributeEdits.Attribute("Profile", detailed ? "global::Edm.Profiling.Layer.Detailed" : null);
        SyntaxNode annotated = AttributeEdits.AddFirst(declaration, attribute, AttributeEdits.LineEnding(root));
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, annotated)).Project.Solution;
    }
}
