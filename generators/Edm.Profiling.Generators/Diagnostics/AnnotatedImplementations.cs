using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Edm.Profiling.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// The profiled methods of a compilation that implement or override a given unannotated member: what
/// a call bound to that member dispatches to without a probe. Found through the declaration table by
/// name (no walk of the compilation), and remembered per member. One instance per compilation.
/// </summary>
internal sealed class AnnotatedImplementations(Compilation compilation)
{
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _byMember = new(SymbolEqualityComparer.Default);

    /// <summary>The profiled implementations and overrides, declared in this compilation, of <paramref name="member"/> when it is declared in source too.</summary>
    public ImmutableArray<IMethodSymbol> Of(IMethodSymbol member, CancellationToken cancellationToken)
    {
        member = member.OriginalDefinition;
        // Only members declared in source can take [Profile]: a call to object.ToString() or to a
        // library interface is not something the user can fix by annotating, so it is not flagged.
        if (member.IsStatic || !(member.IsVirtual || member.IsAbstract || member.IsOverride) || member.MethodKind != MethodKind.Ordinary
            || !member.Locations.Any(location => location.IsInSource))
        {
            return ImmutableArray<IMethodSymbol>.Empty;
        }

        return _byMember.GetOrAdd(member, m => Find(m, cancellationToken));
    }

    private ImmutableArray<IMethodSymbol> Find(IMethodSymbol member, CancellationToken cancellationToken)
    {
        string name = member.Name;
        string explicitSuffix = "." + name;
        return compilation
            .GetSymbolsWithName(candidate => candidate == name || candidate.EndsWith(explicitSuffix, System.StringComparison.Ordinal), SymbolFilter.Member, cancellationToken)
            .OfType<IMethodSymbol>()
            .Where(method => !SymbolEqualityComparer.Default.Equals(method, member) && ProfileAnnotations.For(method) is not null && Dispatches(member, method))
            .OrderBy(method => method.ToDisplayString(), System.StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Whether a virtual call to <paramref name="member"/> can run <paramref name="method"/>.</summary>
    private static bool Dispatches(IMethodSymbol member, IMethodSymbol method)
    {
        if (Overrides(method, member))
        {
            return true;
        }

        if (member.ContainingType.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        foreach (INamedTypeSymbol implemented in method.ContainingType.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, member.ContainingType))
            {
                continue;
            }

            foreach (ISymbol interfaceMember in implemented.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(interfaceMember.OriginalDefinition, member)
                    && method.ContainingType.FindImplementationForInterfaceMember(interfaceMember) is IMethodSymbol implementation
                    && (SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, method.OriginalDefinition) || Overrides(method, implementation)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Overrides(IMethodSymbol method, IMethodSymbol baseMethod)
    {
        for (IMethodSymbol? overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, baseMethod.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
