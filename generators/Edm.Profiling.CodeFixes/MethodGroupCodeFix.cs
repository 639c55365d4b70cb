using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// Fix for EDM002 on a method group: call the method from a lambda instead, so the call is intercepted
/// and counted (see <see cref="MethodGroupLambda"/>). Fix All rewrites every such use in the scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MethodGroupCodeFix))]
[Shared]
public sealed class MethodGroupCodeFix : CodeFixProvider
{
    /// <summary>The title and equivalence key of the fix.</summary>
    public const string Title = "Call it from a lambda, so the call is probed";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UseNotProfiled.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CallSiteAnalyzer.ReasonProperty, out string? reason) || reason != "MethodGroup"
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax group
                || MethodGroupLambda.Create(group, model, context.CancellationToken) is not { } lambda)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(group, lambda))), equivalenceKey: Title),
                diagnostic);
        }
    }
}
