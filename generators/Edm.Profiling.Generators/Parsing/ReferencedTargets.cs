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

    /// <summary>
    /// The <c>AssemblyMetadata</c> key of the declaration sites of one source file's profiled methods:
    /// the file, then per method a line <c>"{line} {documentation id}"</c>, separated by line feeds
    /// (documentation ids have no spaces; the file comes first, whole).
    /// </summary>
    public const string SourceMarkerKey = "Edm.Profiling.ProbeSources";

    /// <summary>The value of a <see cref="SourceMarkerKey"/> marker.</summary>
    public static string SourceMarkerValue(string file, IEnumerable<ProbeSourceSpec> methods)
    {
        var text = new System.Text.StringBuilder(file);
        foreach (ProbeSourceSpec method in methods)
        {
            text.Append('\n').Append(method.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(method.Key);
        }

        return text.ToString();
    }

    private static readonly ConditionalWeakTable<IAssemblySymbol, MarkedTypes> s_markedTypes = new();

    /// <summary>The profiled methods of every referenced assembly that carries markers.</summary>
    public static ParsedTargets Read(Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            FaultInjection.At(GeneratorFaultSpec.ReadingReferences, compilation.AssemblyName);
            ImmutableArray<TargetSpec>.Builder targets = ImmutableArray.CreateBuilder<TargetSpec>();
            foreach (INamedTypeSymbol type in MarkedTypesOf(compilation))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member is IMethodSymbol method && ProfileAnnotations.For(method) is { } annotation)
                    {
                        targets.Add(WithForwarding(WithDeclarationSite(TargetParser.Parse(method, annotation, compilation), method.ContainingAssembly), method.ContainingAssembly));
                    }
                }
            }

            return new ParsedTargets(new EquatableArray<TargetSpec>(targets.ToImmutable()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unreadable metadata costs its probes, never the build; EDM012 says so.
            return new ParsedTargets(EquatableArray<TargetSpec>.Empty, GeneratorFaultSpec.Of(GeneratorFaultSpec.ReadingReferences, e));
        }
    }

    /// <summary>
    /// Metadata knows no source location: the declaring assembly's markers give the file and line, so
    /// this compilation's registration of the probe names them too.
    /// </summary>
    private static TargetSpec WithDeclarationSite(TargetSpec target, IAssemblySymbol assembly) =>
        target.Probe.File is null && s_markedTypes.GetValue(assembly, MarkedTypes.Read).Sources.TryGetValue(target.Key, out (string File, int Line) site)
            ? target with { Probe = target.Probe with { File = site.File, Line = site.Line } }
            : target;

    /// <summary>
    /// When the declaring assembly has a public interceptor for the target, this compilation's calls forward to it:
    /// the probe, its registration and its file and line are the declaring assembly's alone. Only a target called
    /// directly forwards; anything else keeps its full interceptor here.
    /// </summary>
    private static TargetSpec WithForwarding(TargetSpec target, IAssemblySymbol assembly) =>
        target.Skip == SkipReason.None && target.Access == AccessPath.Direct
        && s_markedTypes.GetValue(assembly, MarkedTypes.Read).Entries.TryGetValue(target.Key, out string? entry)
            ? target with { ForwardTo = entry }
            : target;

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

    /// <summary>The marked types of one assembly and its methods' declaration sites; an assembly symbol is immutable, so this is read once.</summary>
    private sealed class MarkedTypes(ImmutableArray<INamedTypeSymbol> types, Dictionary<string, (string File, int Line)> sources, Dictionary<string, string> entries)
    {
        private static readonly Dictionary<string, (string File, int Line)> s_noSources = new(StringComparer.Ordinal);

        public ImmutableArray<INamedTypeSymbol> Types { get; } = types;

        /// <summary>File and line by documentation id.</summary>
        public Dictionary<string, (string File, int Line)> Sources { get; } = sources;

        /// <summary>The public interceptor of a target, by documentation id (<see cref="ForwardingMarker"/>).</summary>
        public Dictionary<string, string> Entries { get; } = entries;

        public static MarkedTypes Read(IAssemblySymbol assembly)
        {
            ImmutableArray<INamedTypeSymbol>.Builder? types = null;
            Dictionary<string, (string File, int Line)>? sources = null;
            Dictionary<string, string>? entries = null;
            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass is not { Name: "AssemblyMetadataAttribute" }
                    || attribute.ConstructorArguments.Length != 2
                    || attribute.ConstructorArguments[1].Value is not string value)
                {
                    continue;
                }

                if (attribute.ConstructorArguments[0].Value is MarkerKey && assembly.GetTypeByMetadataName(value) is { } type)
                {
                    (types ??= ImmutableArray.CreateBuilder<INamedTypeSymbol>()).Add(type);
                }
                else if (attribute.ConstructorArguments[0].Value is SourceMarkerKey)
                {
                    ReadSources(value, sources ??= new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal));
                }
                else if (attribute.ConstructorArguments[0].Value is ForwardingMarker.Key)
                {
                    ForwardingMarker.Read(assembly, value, entries ??= new Dictionary<string, string>(StringComparer.Ordinal));
                }
            }

            return new MarkedTypes(types?.ToImmutable() ?? ImmutableArray<INamedTypeSymbol>.Empty, sources ?? s_noSources, entries ?? ForwardingMarker.None);
        }

        /// <summary>Reads one file's marker; a line in any other form (a marker from another version) is skipped.</summary>
        private static void ReadSources(string value, Dictionary<string, (string File, int Line)> sources)
        {
            string[] lines = value.Split('\n');
            for (int i = 1; i < lines.Length; i++)
            {
                int space = lines[i].IndexOf(' ');
                if (space > 0 && space < lines[i].Length - 1
                    && int.TryParse(lines[i].Substring(0, space), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int line))
                {
                    sources[lines[i].Substring(space + 1)] = (lines[0], line);
                }
            }
        }
    }
}
