using System.Composition;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.CodeFixes;

/// <summary>Fix for EDM005: drops the <c>Layer.Detailed</c> argument, so the attribute reads <c>[Profile]</c> (Lightweight).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LightweightLayerCodeFix))]
[Shared]
public sealed class LightweightLayerCodeFix : EdmCodeFixProvider
{
    private const string Title = "Profile with Layer.Lightweight";

    public LightweightLayerCodeFix()
        : base(DiagnosticDescriptors.DetailedOnTrivialMethod, batchFixAll: true)
    {
    }

    /// <inheritdoc/>
    private protected override Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is { ArgumentList: { } arguments } attribute
            && LayerArgument(arguments) is { } layer)
        {
            SeparatedSyntaxList<AttributeArgumentSyntax> rest = arguments.Arguments.Remove(layer);
            AttributeSyntax lightweight = rest.Count == 0
                ? attribute.WithArgumentList(null).WithTriviaFrom(attribute)
                : attribute.WithArgumentList(arguments.WithArguments(rest));
            OfferReplacement(context, diagnostic, Title, root, attribute, lightweight);
        }

        return Task.CompletedTask;
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
