using System.Composition;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// Fix for EDM002 on a method group: call the method from a lambda instead, so the call is intercepted
/// and counted (see <see cref="MethodGroupLambda"/>). Fix All rewrites every such use in the scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MethodGroupCodeFix))]
[Shared]
public sealed class MethodGroupCodeFix : EdmCodeFixProvider
{
    /// <summary>The title and equivalence key of the fix.</summary>
    public const string Title = "Call it from a lambda, so the call is probed";

    public MethodGroupCodeFix()
        : base(DiagnosticDescriptors.UseNotProfiled, batchFixAll: true)
    {
    }

    /// <inheritdoc/>
    private protected override async Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(CallSiteAnalyzer.ReasonProperty, out string? reason) && reason == "MethodGroup"
            && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax group
            && await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) is { } model
            && MethodGroupLambda.Create(group, model, context.CancellationToken) is { } lambda)
        {
            OfferReplacement(context, diagnostic, Title, root, group, lambda);
        }
    }
}
