using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Uses of a profiled method that are not calls, for the analyzers: a method group converted to a
/// delegate, or the method named in <c>nameof</c>. Neither runs the method, so neither gets a probe.
/// </summary>
internal static class ReferenceParser
{
    /// <summary>
    /// Why <paramref name="operation"/> refers to a profiled method without a probe, or
    /// <see cref="SkipReason.None"/> when it is not such a use.
    /// </summary>
    public static SkipReason SkipReasonOf(IOperation operation, out IMethodSymbol? method)
    {
        method = null;
        switch (operation)
        {
            case IMethodReferenceOperation reference when IsProfiled(reference.Method):
                method = CallSiteParser.Definition(reference.Method);
                return SkipReason.MethodGroup;
            case INameOfOperation nameOf when NamedMethod(nameOf) is { } named:
                method = named;
                return SkipReason.NameOf;
            default:
                return SkipReason.None;
        }
    }

    /// <summary>The profiled method a <c>nameof</c> names: its argument is a method group, which binds to candidates only.</summary>
    private static IMethodSymbol? NamedMethod(INameOfOperation nameOf)
    {
        if (nameOf.SemanticModel is not { } model)
        {
            return null;
        }

        SymbolInfo info = model.GetSymbolInfo(nameOf.Argument.Syntax);
        foreach (ISymbol symbol in info.Symbol is null ? info.CandidateSymbols : [info.Symbol])
        {
            if (symbol is IMethodSymbol candidate && IsProfiled(candidate))
            {
                return CallSiteParser.Definition(candidate);
            }
        }

        return null;
    }

    private static bool IsProfiled(IMethodSymbol method) => ProfileAnnotations.For(CallSiteParser.Definition(method)) is not null;
}
