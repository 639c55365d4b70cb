using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>How generated code reaches a profiled method: directly, or through an <c>UnsafeAccessor</c> when it is not accessible.</summary>
internal static partial class TargetParser
{
    private static (AccessPath Access, SkipReason Skip, string? AccessorTypeName) AccessOf(IMethodSymbol method, Compilation compilation, int typeParameterCount)
    {
        if (compilation.IsSymbolAccessibleWithin(method, compilation.Assembly))
        {
            return (AccessPath.Direct, SkipReason.None, null);
        }

        if (compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.UnsafeAccessorAttribute") is null)
        {
            return (AccessPath.UnsafeAccessor, SkipReason.InaccessibleWithoutUnsafeAccessor, null);
        }

        // UnsafeAccessor learnt generic methods in .NET 9. Generic declaring types would need the
        // accessor in a generic class of their own: not generated.
        if (typeParameterCount > method.TypeParameters.Length
            || (typeParameterCount > 0 && compilation.ObjectType.ContainingAssembly.Identity.Version.Major < 9))
        {
            return (AccessPath.UnsafeAccessor, SkipReason.InaccessibleGeneric, null);
        }

        INamedTypeSymbol type = method.ContainingType;
        if (!method.IsStatic || (!type.IsStatic && TypeIsNameable(type, compilation)))
        {
            return (AccessPath.UnsafeAccessor, SkipReason.None, null);
        }

        // A static method whose type cannot be a parameter: .NET 10 lets the accessor name the type instead.
        if (compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.UnsafeAccessorTypeAttribute") is not null)
        {
            return (AccessPath.UnsafeAccessor, SkipReason.None, MetadataName(type) + ", " + type.ContainingAssembly.Name);
        }

        return (AccessPath.UnsafeAccessor, type.IsStatic ? SkipReason.InaccessibleInStaticClass : SkipReason.InaccessibleSignatureType, null);
    }
}
