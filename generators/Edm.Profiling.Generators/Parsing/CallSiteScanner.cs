using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Finds the calls to profiled methods in each syntax tree of a compilation, and the method groups
/// that convert them to delegates (uses no interceptor reaches). Only invocations and names that may
/// name a profiled method (<see cref="ProfiledNameIndex"/>) are bound. A tree's results are remembered
/// with the <see cref="DeclarationFingerprint"/> they were computed under and reused while both the
/// tree and the fingerprint stay the same: after an edit inside a method body, only the edited file
/// is walked and bound again. Trees are scanned in parallel, with a semantic model that skips nullable
/// analysis, and a call that is an argument of another call is bound on its own rather than with
/// its statement (<see cref="CallSiteParser.BindsAlone"/>): in a clean build, binding the candidate
/// calls is most of the generator's time, and in a test project most of that was the assertions around them.
/// </summary>
internal static class CallSiteScanner
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeMemo> s_byTree = new();

    /// <summary>The call-site results of every tree compiled with <c>EDM_PROFILING</c>, one entry per tree that has any.</summary>
    public static ImmutableArray<FileCallSites> Scan(Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            return ScanTrees(compilation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault here costs this run its probes, never the build; EDM012 says so.
            var fault = GeneratorFaultSpec.Of(GeneratorFaultSpec.ScanningCalls, e is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0] : e);
            return ImmutableArray.Create(new FileCallSites(string.Empty, EquatableArray<CallSiteResult>.Empty, EquatableArray.From([fault])));
        }
    }

    private static ImmutableArray<FileCallSites> ScanTrees(Compilation compilation, CancellationToken cancellationToken)
    {
        DeclarationFingerprint fingerprint = DeclarationFingerprint.For(compilation);
        ProfiledNameIndex names = ProfiledNameIndex.For(compilation);
        var trees = new List<SyntaxTree>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            if (ProfilingSwitch.IsGated(tree))
            {
                trees.Add(tree);
            }
        }

        // Binding the calls is most of the generator's time in a build, and the trees are independent
        // (semantic models are thread-safe): they are scanned in parallel, and kept in their order.
        var results = new TreeResults[trees.Count];
        try
        {
            Parallel.For(
                0,
                trees.Count,
                new ParallelOptions { CancellationToken = cancellationToken },
                i => results[i] = ResultsOf(trees[i], compilation, names, fingerprint, cancellationToken));
        }
        catch (AggregateException e) when (e.InnerExceptions.Any(inner => inner is OperationCanceledException))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }

        ImmutableArray<FileCallSites>.Builder files = ImmutableArray.CreateBuilder<FileCallSites>();
        for (int i = 0; i < trees.Count; i++)
        {
            if (results[i].Results.Count > 0 || results[i].Faults.Count > 0)
            {
                files.Add(new FileCallSites(trees[i].FilePath, results[i].Results, results[i].Faults));
            }
        }

        return files.ToImmutable();
    }

    /// <summary>The results of one tree: remembered ones while the tree and the declarations are unchanged, else a new scan.</summary>
    private static TreeResults ResultsOf(SyntaxTree tree, Compilation compilation, ProfiledNameIndex names, DeclarationFingerprint fingerprint, CancellationToken cancellationToken)
    {
        TreeMemo memo = s_byTree.GetValue(tree, static _ => new TreeMemo());
        if (Volatile.Read(ref memo.Latest) is { } remembered && remembered.Fingerprint.Equals(fingerprint))
        {
            return remembered;
        }

        TreeResults results;
        try
        {
            results = ScanTree(tree, compilation, names, fingerprint, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // This file's calls stay as written, and EDM012 says so; the other files are not affected.
            // Not remembered: the next run tries again.
            return new TreeResults(fingerprint, EquatableArray<CallSiteResult>.Empty, EquatableArray.From([GeneratorFaultSpec.Of(GeneratorFaultSpec.ScanningCalls, e, tree.GetRoot(cancellationToken))]));
        }

        Volatile.Write(ref memo.Latest, results);
        return results;
    }

    private static TreeResults ScanTree(SyntaxTree tree, Compilation compilation, ProfiledNameIndex names, DeclarationFingerprint fingerprint, CancellationToken cancellationToken)
    {
        FaultInjection.At(GeneratorFaultSpec.ScanningCalls, tree.FilePath);
        SemanticModel? model = null;
        ImmutableArray<CallSiteResult>.Builder results = ImmutableArray.CreateBuilder<CallSiteResult>();
        List<GeneratorFaultSpec>? faults = null;
        foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            CallSiteResult result;
            if (node is InvocationExpressionSyntax invocation)
            {
                if (CallSiteParser.CalledName(invocation) is not { } name || name == "nameof" || !names.MightBeProfiled(name))
                {
                    continue;
                }

                try
                {
                    FaultInjection.At(GeneratorFaultSpec.ReadingCall, tree.FilePath);
                    result = CallSiteParser.Parse(invocation, model ??= ModelWithoutNullableAnalysis(compilation, tree), cancellationToken, bindAlone: true);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result = CallSiteParser.Faulted(invocation);
                    (faults ??= []).Add(GeneratorFaultSpec.Of(GeneratorFaultSpec.ReadingCall, e, invocation));
                }
            }
            else if (node is SimpleNameSyntax simpleName && names.MightBeProfiled(simpleName.Identifier.ValueText))
            {
                // A method group: counted, so the session can say which uses its counts miss.
                try
                {
                    result = CallSiteParser.ParseReference(simpleName, model ??= ModelWithoutNullableAnalysis(compilation, tree), cancellationToken, bindAlone: true);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result = CallSiteResult.NotProfiled;
                    (faults ??= []).Add(GeneratorFaultSpec.Of(GeneratorFaultSpec.ReadingMethodGroup, e, simpleName));
                }
            }
            else
            {
                continue;
            }

            if (result != CallSiteResult.NotProfiled)
            {
                results.Add(result);
            }
        }

        return new TreeResults(fingerprint, new EquatableArray<CallSiteResult>(results.ToImmutable()), faults is null ? EquatableArray<GeneratorFaultSpec>.Empty : EquatableArray.From(faults));
    }

    /// <summary>
    /// A semantic model that binds without nullable analysis: the calls' targets, forms and locations do
    /// not depend on it (the probe's signature comes from the declaration), and it would otherwise run
    /// the nullable flow analysis of every method body that contains a candidate call, once more than
    /// the compiler does anyway.
    /// </summary>
    private static SemanticModel ModelWithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RSEXPERIMENTAL001 // The option is experimental; the model is the same but for nullable annotations.
        return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }

    /// <summary>The last results of one tree; replaced whole, so readers never see half an update.</summary>
    private sealed class TreeMemo
    {
        public TreeResults? Latest;
    }

    private sealed class TreeResults(DeclarationFingerprint fingerprint, EquatableArray<CallSiteResult> results, EquatableArray<GeneratorFaultSpec> faults)
    {
        public DeclarationFingerprint Fingerprint { get; } = fingerprint;

        public EquatableArray<CallSiteResult> Results { get; } = results;

        public EquatableArray<GeneratorFaultSpec> Faults { get; } = faults;
    }
}
