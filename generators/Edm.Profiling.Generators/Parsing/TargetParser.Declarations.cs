using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>The targets of each <c>[Profile]</c> declaration, remembered per declaration node while the fingerprint holds.</summary>
internal static partial class TargetParser
{
    private static readonly ConditionalWeakTable<SyntaxNode, DeclarationMemo> s_byDeclaration = new();

    /// <summary>
    /// The targets a <c>[Profile]</c> declaration found by <c>ForAttributeWithMetadataName</c> gives: the
    /// method itself, or every ordinary method of the type that has no attribute of its own.
    /// </summary>
    public static ParsedTargets ParseDeclaration(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            FaultInjection.At(GeneratorFaultSpec.ReadingDeclaration, context.TargetNode.SyntaxTree.FilePath);

            // The transform runs for every annotated declaration on every compilation; an unchanged
            // declaration under an unchanged fingerprint gives the same targets, so reuse them.
            DeclarationFingerprint fingerprint = DeclarationFingerprint.For(context.SemanticModel.Compilation);
            DeclarationMemo memo = s_byDeclaration.GetValue(context.TargetNode, static _ => new DeclarationMemo());
            if (Volatile.Read(ref memo.Latest) is { } remembered && remembered.Fingerprint.Equals(fingerprint))
            {
                return remembered.Targets;
            }

            var targets = new ParsedTargets(ParseSymbol(context.TargetSymbol, context.SemanticModel.Compilation, cancellationToken));
            Volatile.Write(ref memo.Latest, new DeclarationTargets(fingerprint, targets));
            return targets;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault loses these targets, never the build: their calls stay unprobed, and EDM012 says so.
            return new ParsedTargets(EquatableArray<TargetSpec>.Empty, GeneratorFaultSpec.Of(GeneratorFaultSpec.ReadingDeclaration, e, context.TargetNode));
        }
    }

    private static EquatableArray<TargetSpec> ParseSymbol(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken) => symbol switch
    {
        IMethodSymbol method when ProfileAnnotations.For(method) is { } annotation =>
            new EquatableArray<TargetSpec>(ImmutableArray.Create(Parse(method, annotation, compilation))),
        INamedTypeSymbol type => ParseTypeMembers(type, compilation, cancellationToken),
        _ => EquatableArray<TargetSpec>.Empty,
    };

    /// <summary>The targets of a profiled type: its ordinary methods, minus <c>[NoProfile]</c> and those with their own attribute.</summary>
    public static EquatableArray<TargetSpec> ParseTypeMembers(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        ImmutableArray<TargetSpec>.Builder targets = ImmutableArray.CreateBuilder<TargetSpec>();
        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is IMethodSymbol method && ProfileAnnotations.For(method) is { OnMember: false } annotation)
            {
                targets.Add(Parse(method, annotation, compilation));
            }
        }

        return new EquatableArray<TargetSpec>(targets.ToImmutable());
    }


    private sealed class DeclarationMemo
    {
        public DeclarationTargets? Latest;
    }

    private sealed class DeclarationTargets(DeclarationFingerprint fingerprint, ParsedTargets targets)
    {
        public DeclarationFingerprint Fingerprint { get; } = fingerprint;

        public ParsedTargets Targets { get; } = targets;
    }
}
