using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Generators.Emitting;

/// <summary>
/// Identifiers as C# source must write them. The one place that escapes keywords, for the parser,
/// the emitter and the code fixes (which reach it through InternalsVisibleTo).
/// </summary>
internal static class CSharpNames
{
    /// <summary><paramref name="identifier"/>, with <c>@</c> in front when it is a C# keyword (<c>@class</c>, <c>@this</c>).</summary>
    public static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;
}
