using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
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
/// is walked and bound again.
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
            // A fault here costs this run its probes, never the build.
            return ImmutableArray<FileCallSites>.Empty;
        }
    }

    private static ImmutableArray<FileCallSites> ScanTrees(Compilation compilation, CancellationToken cancellationToken)
    {
        DeclarationFingerprint fingerprint = DeclarationFingerprint.For(compilation);
        ImmutableArray<FileCallSites>.Builder files = ImmutableArray.CreateBuilder<FileCallSites>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!ProfilingSwitch.IsGated(tree))
            {
                continue;
            }

            TreeMemo memo = s_byTree.GetValue(tree, static _ => new TreeMemo());
            EquatableArray<CallSiteResult> results;
            if (Volatile.Read(ref memo.Latest) is { } remembered && remembered.Fingerprint.Equals(fingerprint))
            {
                results = remembered.Results;
            }
            else
            {
                results = ScanTree(tree, compilation, cancellationToken);
                Volatile.Write(ref memo.Latest, new TreeResults(fingerprint, results));
            }

            if (results.Count > 0)
            {
                files.Add(new FileCallSites(tree.FilePath, results));
            }
        }

        return files.ToImmutable();
    }

    private static EquatableArray<CallSiteResult> ScanTree(SyntaxTree tree, Compilation compilation, CancellationToken cancellationToken)
    {
        ProfiledNameIndex names = ProfiledNameIndex.For(compilation);
        SemanticModel? model = null;
        ImmutableArray<CallSiteResult>.Builder results = ImmutableArray.CreateBuilder<CallSiteResult>();
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
                    result = CallSiteParser.Parse(invocation, model ??= compilation.GetSemanticModel(tree), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result = CallSiteParser.Faulted(invocation);
                }
            }
            else if (node is SimpleNameSyntax simpleName && names.MightBeProfiled(simpleName.Identifier.ValueText))
            {
                // A method group: counted, so the session can say which uses its counts miss.
                try
                {
                    result = CallSiteParser.ParseReference(simpleName, model ??= compilation.GetSemanticModel(tree), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result = CallSiteResult.NotProfiled;
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

        return new EquatableArray<CallSiteResult>(results.ToImmutable());
    }

    /// <summary>The last results of one tree; replaced whole, so readers never see half an update.</summary>
    private sealed class TreeMemo
    {
        public TreeResults? Latest;
    }

    private sealed class TreeResults(DeclarationFingerprint fingerprint, EquatableArray<CallSiteResult> results)
    {
        public DeclarationFingerprint Fingerprint { get; } = fingerprint;

        public EquatableArray<CallSiteResult> Results { get; } = results;
    }
}
