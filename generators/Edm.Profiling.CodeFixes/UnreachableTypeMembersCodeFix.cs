using System.Collections.Generic;
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
/// Fix for EDM011 (a type's [Profile] covers methods no interceptor reaches): add <c>[NoProfile]</c> to
/// each of those methods, which the diagnostic lists as its additional locations (in any file of a
/// partial type), so the type's annotation says exactly what is profiled.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnreachableTypeMembersCodeFix))]
[Shared]
public sealed class UnreachableTypeMembersCodeFix : EdmCodeFixProvider
{
    private const string Title = "Add [NoProfile] to the methods [Profile] cannot reach";

    public UnreachableTypeMembersCodeFix()
        : base(DiagnosticDescriptors.TypeMembersNotProfiled, batchFixAll: false)
    {
    }

    /// <inheritdoc/>
    private protected override Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Any(location => location.IsInSource))
        {
            Offer(context, diagnostic, Title, token => OptOut(context.Document.Project.Solution, diagnostic.AdditionalLocations, token));
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> OptOut(Solution solution, IReadOnlyList<Location> members, CancellationToken cancellationToken)
    {
        foreach (IGrouping<SyntaxTree, Location> file in members.Where(m => m.IsInSource).GroupBy(m => m.SourceTree!))
        {
            Document? document = solution.GetDocument(file.Key);
            if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            List<MethodDeclarationSyntax> declarations = file
                .Select(location => root.FindToken(location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>())
                .OfType<MethodDeclarationSyntax>()
                .Distinct()
                .ToList();
            string lineEnding = AttributeEdits.LineEnding(root);
            SyntaxNode edited = root.ReplaceNodes(declarations, (_, current) => AttributeEdits.AddFirst(current, AttributeEdits.Attribute("NoProfile"), lineEnding));
            solution = solution.WithDocumentSyntaxRoot(document.Id, edited);
        }

        return solution;
    }
}
