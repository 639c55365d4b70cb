using System;
using System.Collections.Concurrent;
using System.Threading;
using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// Says, for one compilation, what the generator does with an invocation or a declaration, by running
/// the generator's own parsing: <see cref="CallSiteParser"/> for the call, <see cref="TargetParser"/>
/// for the method it calls, and the planner's rule that only known targets (declared here, or in a
/// marked type of a reference) are written. One instance per compilation; thread-safe.
/// </summary>
internal sealed class CallSiteClassifier(Compilation compilation)
{
    private readonly ConcurrentDictionary<IMethodSymbol, SkipReason> _targetSkips = new(SymbolEqualityComparer.Default);
    private ProfiledNameIndex? _names;

    /// <summary>The compilation classified.</summary>
    public Compilation Compilation { get; } = compilation;

    /// <summary>
    /// Whether <paramref name="invocation"/> may call a profiled method, by its name alone: the generator's
    /// own pre-filter, so calls it never looks at are never looked at here either.
    /// </summary>
    public bool MightBeProfiled(InvocationExpressionSyntax invocation) =>
        CallSiteParser.CalledName(invocation) is { } name
        && name != "nameof"
        && MightBeProfiled(name);

    /// <summary>Whether a method called <paramref name="name"/> may be profiled: the generator's pre-filter for names.</summary>
    public bool MightBeProfiled(string name) => (_names ??= ProfiledNameIndex.For(Compilation)).MightBeProfiled(name);

    /// <summary>Binds <paramref name="invocation"/> and says whether the generator intercepts it, and why not.</summary>
    public CallSiteUse Classify(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        CallSiteResult result;
        try
        {
            result = CallSiteParser.Parse(invocation, model, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = CallSiteParser.Faulted(invocation);
        }

        IMethodSymbol? method = model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol;
        if (result.Skipped is { } skipped)
        {
            return new CallSiteUse(method, skipped.TargetName, skipped.Reason);
        }

        if (result.Intercepted is null || method is null)
        {
            return new CallSiteUse(method, null, SkipReason.None);
        }

        IMethodSymbol definition = CallSiteParser.Definition(method);
        return new CallSiteUse(method, ProbeNames.DisplayName(definition), TargetSkip(definition));
    }

    /// <summary>
    /// Why no call to the profiled method <paramref name="definition"/> is intercepted, or
    /// <see cref="SkipReason.None"/>; remembered per method.
    /// </summary>
    public SkipReason TargetSkip(IMethodSymbol definition) => _targetSkips.GetOrAdd(definition, ComputeTargetSkip);

    private SkipReason ComputeTargetSkip(IMethodSymbol definition)
    {
        try
        {
            if (ProfileAnnotations.For(definition) is not { } annotation)
            {
                return SkipReason.None;
            }

            // The generator knows the methods declared here and those of types a reference marks.
            if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, Compilation.Assembly)
                && !ReferencedTargets.IsMarked(definition.ContainingType))
            {
                return SkipReason.UnlistedReferencedType;
            }

            return TargetParser.Parse(definition, annotation, Compilation).Skip;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The generator loses such a target: its calls run unprobed.
            return SkipReason.GeneratorFault;
        }
    }
}
