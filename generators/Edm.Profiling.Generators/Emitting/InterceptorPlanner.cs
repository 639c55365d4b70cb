using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Emitting;

/// <summary>
/// Joins the probed methods with the calls to intercept and groups them into files, one per declaring
/// type, in a stable order (so the output text is the same from run to run).
/// </summary>
internal static class InterceptorPlanner
{
    /// <summary>Whether <c>System.Diagnostics.StackTraceHiddenAttribute</c> is public in the compilation's references (.NET 6 and later).</summary>
    public static bool CanHideStackFrames(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Diagnostics.StackTraceHiddenAttribute") is { DeclaredAccessibility: Accessibility.Public } attribute
        && compilation.IsSymbolAccessibleWithin(attribute, compilation.Assembly);

    public static ImmutableArray<InterceptorFileSpec> Plan(EquatableArray<TargetSpec> targets, ImmutableArray<CallSiteSpec> callSites, bool hideFromStackTraces = false, bool sharedAttribute = false)
    {
        if (callSites.IsDefaultOrEmpty || targets.Count == 0)
        {
            return ImmutableArray<InterceptorFileSpec>.Empty;
        }

        var targetsByKey = new Dictionary<string, TargetSpec>(StringComparer.Ordinal);
        foreach (TargetSpec target in targets)
        {
            if (target.Skip == SkipReason.None && !targetsByKey.ContainsKey(target.Key))
            {
                targetsByKey.Add(target.Key, target);
            }
        }

        var callsByKey = new Dictionary<string, List<CallSiteSpec>>(StringComparer.Ordinal);
        foreach (CallSiteSpec callSite in callSites)
        {
            if (targetsByKey.ContainsKey(callSite.TargetKey))
            {
                if (!callsByKey.TryGetValue(callSite.TargetKey, out List<CallSiteSpec>? list))
                {
                    callsByKey[callSite.TargetKey] = list = [];
                }

                list.Add(callSite);
            }
        }

        var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return callsByKey
            .Select(pair => new InterceptedMethodSpec(targetsByKey[pair.Key], EquatableArray.From(pair.Value)))
            .GroupBy(method => method.Target.FileKey, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new InterceptorFileSpec(
                group.Key,
                UniqueHintName(group.Key, hintNames),
                EquatableArray.From(group.OrderBy(method => method.Target.Key, StringComparer.Ordinal)),
                hideFromStackTraces,
                sharedAttribute))
            .ToImmutableArray();
    }

    /// <summary>A file name from the type's name; two types whose names read the same once sanitised get a number.</summary>
    private static string UniqueHintName(string fileKey, HashSet<string> taken)
    {
        string stem = InterceptorEmitter.Sanitize(fileKey);
        string name = stem + ".Interceptors.g.cs";
        for (int i = 2; !taken.Add(name); i++)
        {
            name = $"{stem}_{i}.Interceptors.g.cs";
        }

        return name;
    }
}
