using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// Reads which namespaces the compiler lets interceptors live in. MSBuild passes
/// <c>InterceptorsNamespaces</c> (and the older <c>InterceptorsPreviewNamespaces</c>) to the compiler
/// as a feature, so the parse options hold exactly what the compiler will check.
/// </summary>
internal static class InterceptorsNamespaces
{
    /// <summary>The namespace of the generated interceptors.</summary>
    public const string Generated = "Edm.Profiling.Generated";

    private static readonly string[] s_featureKeys = ["InterceptorsNamespaces", "InterceptorsPreviewNamespaces"];

    /// <summary>The namespaces the options allow, in the order given.</summary>
    public static IReadOnlyList<string> Allowed(ParseOptions options)
    {
        var namespaces = new List<string>();
        foreach (string key in s_featureKeys)
        {
            if (options.Features.TryGetValue(key, out string? value) && value is not null)
            {
                foreach (string part in value.Split(';'))
                {
                    if (part.Trim() is { Length: > 0 } name)
                    {
                        namespaces.Add(name);
                    }
                }
            }
        }

        return namespaces;
    }

    /// <summary>
    /// Whether interceptors in <see cref="Generated"/> compile: the compiler accepts a namespace that
    /// is listed or lies inside a listed one (<c>Edm</c> and <c>Edm.Profiling</c> allow it too).
    /// </summary>
    public static bool AllowsGenerated(IReadOnlyList<string> allowed)
    {
        foreach (string name in allowed)
        {
            if (name == Generated || Generated.StartsWith(name + ".", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
