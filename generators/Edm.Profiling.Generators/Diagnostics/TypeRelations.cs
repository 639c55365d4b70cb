using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>Whether a receiver of one static type can be an instance of another at run time.</summary>
internal static class TypeRelations
{
    /// <summary>
    /// Whether a value typed <paramref name="receiver"/> may be a <paramref name="type"/>: one derives
    /// from or implements the other. Type parameters may be anything.
    /// </summary>
    public static bool MayBeSame(ITypeSymbol receiver, INamedTypeSymbol type) =>
        receiver is ITypeParameterSymbol or IDynamicTypeSymbol or IErrorTypeSymbol
        || IsOrInherits(receiver, type)
        || IsOrInherits(type, receiver);

    private static bool IsOrInherits(ITypeSymbol type, ITypeSymbol ancestor)
    {
        ITypeSymbol target = ancestor.OriginalDefinition;
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target))
            {
                return true;
            }
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, target))
            {
                return true;
            }
        }

        return false;
    }
}
