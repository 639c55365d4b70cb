using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>
/// Walks a pipeline value's object graph (fields, arrays, collections) and lists anything that
/// would break caching or keep a compilation alive: symbols, syntax, semantic models, compilations.
/// </summary>
internal static class ModelGraph
{
    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Compilation), typeof(Location),
    ];

    public static List<string> ForbiddenObjects(object? root)
    {
        var found = new List<string>();
        Walk(root, "value", new HashSet<object>(ReferenceEqualityComparer.Instance), found);
        return found;
    }

    private static void Walk(object? value, string path, HashSet<object> seen, List<string> found)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Type type = value.GetType();
        if (s_forbidden.Any(forbidden => forbidden.IsAssignableFrom(type)))
        {
            found.Add($"{path}: {type.FullName}");
            return;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence)
            {
                Walk(item, $"{path}[{i++}]", seen, found);
            }

            return;
        }

        for (Type? current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", seen, found);
            }
        }
    }
}
