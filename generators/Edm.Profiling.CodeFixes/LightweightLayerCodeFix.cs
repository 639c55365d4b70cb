using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.CodeFixes;

/// <summary>Fix for EDM005: drops the <c>Layer.Detailed</c> argument, so the attribute reads <c>[Profile]</c> (Lightweight).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LightweightLayerCodeFix))]
[Shared]
public sealed class LightweightLayerCodeFix : CodeFixProvider
{
    private const string Title = "Profile with Layer.Lightweight";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.DetailedOnTrivialMethod.Id);

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is not { ArgumentList: { } arguments } attribute
                || LayerArgument(arguments) is not { } layer)
            {
                continue;
            }

            SeparatedSyntaxList<AttributeArgumentSyntax> rest = arguments.Arguments.Remove(layer);
            AttributeSyntax lightweight = rest.Count == 0
                ? attribute.WithArgumentList(null).WithTriviaFrom(attribute)
                : attribute.WithArgumentList(arguments.WithArguments(rest));
            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, lightweight))), equivalenceKey: Title),
                diagnostic);
        }
    }

    /// <summary>The argument that sets the layer: the constructor's, or <c>Layer = …</c>.</summary>
    private static AttributeArgumentSyntax? LayerArgument(AttributeArgumentListSyntax arguments)
    {
        foreach (AttributeArgumentSyntax argument in arguments.Arguments)
        {
            if (argument.NameEquals is null ? argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == "layer" : argument.NameEquals.Name.Identifier.ValueText == "Layer")
            {
                return argument;
            }
        }

        return null;
    }
}
