using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// The marker of an assembly built with the flag that lists its public interceptors, one per generated
/// class: <c>[assembly: AssemblyMetadata("Edm.Profiling.Interceptors", "{class}\n{documentation id} {method}\n…")]</c>.
/// A project referencing the assembly forwards its calls to those targets there instead of probing them itself.
/// </summary>
internal static class ForwardingMarker
{
    /// <summary>The <c>AssemblyMetadata</c> key.</summary>
    public const string Key = "Edm.Profiling.Interceptors";

    /// <summary>No entries: the shared empty map of an assembly without the marker.</summary>
    public static readonly Dictionary<string, string> None = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds to <paramref name="entries"/> the interceptor of each target the marker lists, by documentation id, as
    /// generated code calls it (<c>global::Edm.Profiling.Generated.{class}.{method}</c>). A class the assembly does
    /// not have as a public type (a marker of another form or version) adds nothing.
    /// </summary>
    public static void Read(IAssemblySymbol assembly, string value, Dictionary<string, string> entries)
    {
        string[] lines = value.Split('\n');
        string className = lines[0];
        if (className.Length == 0
            || assembly.GetTypeByMetadataName(Emitting.InterceptorEmitter.GeneratedNamespace + "." + className) is not { DeclaredAccessibility: Accessibility.Public, IsStatic: true })
        {
            return;
        }

        for (int i = 1; i < lines.Length; i++)
        {
            int space = lines[i].IndexOf(' ');
            if (space > 0 && space < lines[i].Length - 1)
            {
                entries[lines[i].Substring(0, space)] = $"global::{Emitting.InterceptorEmitter.GeneratedNamespace}.{className}.{lines[i].Substring(space + 1)}";
            }
        }
    }
}
