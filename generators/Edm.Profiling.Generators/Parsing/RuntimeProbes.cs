using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Whether the Edm.Profiling this compilation references has a probe for a result type. On
/// netstandard2.0, <c>ValueTask</c> and the async-enumerable interfaces come from packages
/// (System.Threading.Tasks.Extensions, Microsoft.Bcl.AsyncInterfaces, which the runtime depends on
/// there); a project may declare its own copy of such a type instead, and a probe taking the
/// package's type cannot wrap it. Asked of the compilation, not of a target-framework name, so
/// whatever the target, generated code only calls probes that take the very type the method returns.
/// </summary>
internal static class RuntimeProbes
{
    private const string ProbeTypeName = "Edm.Profiling.Probe";

    public static bool Take(ResultShape shape, ITypeSymbol returnType, Compilation compilation)
    {
        string? probeMethod = shape switch
        {
            ResultShape.ValueTask or ResultShape.ValueTaskOfT => "Complete",
            ResultShape.AsyncEnumerableOfT => "AsyncEnumerable",
            ResultShape.AsyncEnumeratorOfT => "AsyncEnumerator",
            _ => null,
        };

        // Task, IEnumerable and the rest are in every target's core library; no runtime referenced: nothing is emitted anyway.
        if (probeMethod is null || compilation.GetTypeByMetadataName(ProbeTypeName) is not { } probe)
        {
            return true;
        }

        ITypeSymbol wanted = returnType.OriginalDefinition;
        foreach (ISymbol member in probe.GetMembers(probeMethod))
        {
            if (member is IMethodSymbol { Parameters.Length: > 0 } candidate
                && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type.OriginalDefinition, wanted))
            {
                return true;
            }
        }

        return false;
    }
}
