using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Finds profiled methods in referenced assemblies without walking their symbols. An assembly built
/// with <c>EdmProfiling=true</c> carries one <c>[assembly: AssemblyMetadata("Edm.Profiling.ProfiledType", "Ns.Type")]</c>
/// per type with profiled members (written by <see cref="Emitting.MarkerEmitter"/>), and keeps its
/// <c>[Profile]</c> attributes in metadata (its build defines <c>EDM_PROFILING_METADATA</c>).
/// Only the types those markers name are opened.
/// </summary>
internal static class ReferencedTargets
{
    /// <summary>The <c>AssemblyMetadata</c> key of the marker.</summary>
    public const string MarkerKey = "Edm.Profiling.ProfiledType";

    private static readonly ConditionalWeakTable<IAssemblySymbol, MarkedTypes> s_markedTypes = new();

    /// <summary>The profiled methods of every referenced assembly that carries markers.</summary>
    public static EquatableArray<TargetSpec> Read(Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            ImmutableArray<TargetSpec>.Builder targets = ImmutableArray.CreateBuilder<TargetSpec>();
            foreach (INamedTypeSymbol type in MarkedTypesOf(compilation))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member is IMethodSymbol method && ProfileAnnotations.For(method) is { } annotation)
                    {
                        targets.Add(TargetParser.Parse(method, annotation, compilation));
                    }
                }
            }

            return new EquatableArray<TargetSpec>(targets.ToImmutable());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unreadable metadata costs its probes, never the build.
            return EquatableArray<TargetSpec>.Empty;
        }
    }

    /// <summary>Names of the methods of marked types: feeds the call-site pre-filter.</summary>
    public static IEnumerable<string> MethodNames(Compilation compilation)
    {
        foreach (INamedTypeSymbol type in MarkedTypesOf(compilation))
        {
            foreach (string name in type.MemberNames)
            {
                yield return name;
            }
        }
    }

    /// <summary>Whether a marker of its assembly names <paramref name="type"/>, so the generator knows its profiled methods.</summary>
    public static bool IsMarked(INamedTypeSymbol type) =>
        type.ContainingAssembly is { } assembly
        && s_markedTypes.GetValue(assembly, MarkedTypes.Read).Types.Contains(type.OriginalDefinition, SymbolEqualityComparer.Default);

    private static IEnumerable<INamedTypeSymbol> MarkedTypesOf(Compilation compilation)
    {
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            foreach (INamedTypeSymbol type in s_markedTypes.GetValue(assembly, MarkedTypes.Read).Types)
            {
                yield return type;
            }
        }
    }

    /// <summary>The marked types of one assembly; an assembly symbol is immutable, so this is read once.</summary>
    private sealed class MarkedTypes(ImmutableArray<INamedTypeSymbol> types)
    {
        public ImmutableArray<INamedTypeSymbol> Types { get; } = types;

        public static MarkedTypes Read(IAssemblySymbol assembly)
        {
            ImmutableArray<INamedTypeSymbol>.Builder? types = null;
            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "AssemblyMetadataAttribute" }
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is MarkerKey
                    && attribute.ConstructorArguments[1].Value is string typeName
                    && assembly.GetTypeByMetadataName(typeName) is { } type)
                {
                    (types ??= ImmutableArray.CreateBuilder<INamedTypeSymbol>()).Add(type);
                }
            }

            return new MarkedTypes(types?.ToImmutable() ?? ImmutableArray<INamedTypeSymbol>.Empty);
        }
    }
}
