using System;
using System.Collections.Generic;
using System.Linq;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>Why calls to a profiled method cannot be intercepted, if they cannot.</summary>
internal static partial class TargetParser
{
    private static SkipReason SkipOf(IMethodSymbol method, List<TypeParameterSpec> typeParameters, ResultShape shape, Compilation compilation, bool needsTypeName)
    {
        switch (method.MethodKind)
        {
            case MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor:
                return SkipReason.Constructor;
            case MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise:
                return SkipReason.Property;
            case MethodKind.UserDefinedOperator or MethodKind.BuiltinOperator or MethodKind.Conversion:
                return SkipReason.Operator;
            case MethodKind.LocalFunction:
                return SkipReason.LocalFunction;
            case MethodKind.AnonymousFunction:
                return SkipReason.Lambda;
        }

        if (method.IsStatic && (method.IsAbstract || method.IsVirtual) && method.ContainingType.TypeKind == TypeKind.Interface)
        {
            return SkipReason.ConstrainedCall;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (TypeParameterSpec typeParameter in typeParameters)
        {
            if (!names.Add(typeParameter.Name))
            {
                return SkipReason.TypeParameterNameClash;
            }
        }

        if (needsTypeName && !IsNameable(method.ContainingType))
        {
            return SkipReason.InaccessibleSignatureType;
        }

        if (!method.ReturnsVoid && !IsNameable(method.ReturnType))
        {
            return SkipReason.InaccessibleSignatureType;
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (!IsNameable(parameter.Type))
            {
                return SkipReason.InaccessibleSignatureType;
            }
        }

        if (shape == ResultShape.Sync && IsIterator(method) && method.ReturnType.SpecialType == SpecialType.System_Collections_IEnumerator)
        {
            return SkipReason.UnsupportedIterator;
        }

        return SkipReason.None;

        bool IsNameable(ITypeSymbol type) => TypeIsNameable(type, compilation);
    }

    /// <summary>Whether generated code at namespace level of this assembly can write <paramref name="type"/>.</summary>
    private static bool TypeIsNameable(ITypeSymbol type, Compilation compilation)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
            case IDynamicTypeSymbol:
                return true;
            case IArrayTypeSymbol array:
                return TypeIsNameable(array.ElementType, compilation);
            case IPointerTypeSymbol pointer:
                return TypeIsNameable(pointer.PointedAtType, compilation);
            case IFunctionPointerTypeSymbol functionPointer:
                return TypeIsNameable(functionPointer.Signature.ReturnType, compilation)
                    && functionPointer.Signature.Parameters.All(p => TypeIsNameable(p.Type, compilation));
            case INamedTypeSymbol { IsAnonymousType: false, IsFileLocal: false } named
                when named is not IErrorTypeSymbol && compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly):
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (!TypeIsNameable(argument, compilation))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
