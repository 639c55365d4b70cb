using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Edm.Profiling.CodeFixes;

/// <summary>Writes <c>using var _ = Profiler.Scope("…")</c> statements and picks a name for the scope.</summary>
internal static class ScopeStatement
{
    /// <summary><c>using var {variable} = Profiler.Scope("{name}", Layer.X);</c>, marked for simplification and formatting.</summary>
    public static LocalDeclarationStatementSyntax Create(string variable, string name, int layer, string lineEnding)
    {
        string layerName = layer == 1 ? "Detailed" : "Lightweight";
        string text = string.Format(
            CultureInfo.InvariantCulture,
            "using var {0} = global::Edm.Profiling.Profiler.Scope({1}, global::Edm.Profiling.Layer.{2});",
            variable,
            SymbolDisplay.FormatLiteral(name, quote: true),
            layerName);
        return ((LocalDeclarationStatementSyntax)SyntaxFactory.ParseStatement(text))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(lineEnding))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }

    /// <summary>
    /// A name for the scope variable that nothing in <paramref name="scope"/> uses: <c>_</c> when free
    /// (a later <c>_ = …</c> discard would otherwise assign to it), else <c>scope</c>, <c>scope2</c>, ….
    /// </summary>
    public static string FreeName(SyntaxNode scope)
    {
        var used = new HashSet<string>(scope.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken)).Select(token => token.ValueText));
        if (!used.Contains("_"))
        {
            return "_";
        }

        for (int i = 1; ; i++)
        {
            string name = i == 1 ? "scope" : "scope" + i.ToString(CultureInfo.InvariantCulture);
            if (!used.Contains(name))
            {
                return name;
            }
        }
    }
}
