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
        var classNames = new HashSet<string>(StringComparer.Ordinal);
        return callsByKey
            .Select(pair => new InterceptedMethodSpec(targetsByKey[pair.Key], EquatableArray.From(pair.Value)))
            .GroupBy(method => method.Target.FileKey, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new InterceptorFileSpec(
                group.Key,
                UniqueHintName(group.Key, hintNames),
                EquatableArray.From(group.OrderBy(method => method.Target.Key, StringComparer.Ordinal)),
                hideFromStackTraces,
                sharedAttribute,
                group.Any(method => method.Target.Exported) ? UniqueClassName(group.Key, classNames) : null))
            .ToImmutableArray();
    }

    /// <summary>
    /// <c>{namespace and containing types, '_' for '.'}__{Type}Interceptors</c>: unique in the assembly, and
    /// ending as a file class's metadata name does (<c>…__{Type}Interceptors</c>), which is what the sampled
    /// frame matcher reads. Two types that read the same (<c>Box</c> and <c>Box&lt;T&gt;</c>) get a number before the <c>__</c>.
    /// </summary>
    private static string UniqueClassName(string fileKey, HashSet<string> taken)
    {
        int last = fileKey.LastIndexOfAny(['.', '+']);
        string outer = last < 0 ? "Global" : InterceptorEmitter.Sanitize(fileKey.Substring(0, last)).Replace('.', '_');
        string type = InterceptorEmitter.Sanitize(InterceptorEmitter.SimpleTypeName(fileKey)) + "Interceptors"; // no arity, as the matcher wants
        string name = outer + "__" + type;
        for (int i = 2; !taken.Add(name); i++)
        {
            name = $"{outer}_{i}__{type}";
        }

        return name;
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
