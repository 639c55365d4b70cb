using System.Collections.Concurrent;

namespace Edm.Profiling;

/// <summary>Maps scope names to probe ids without allocating after a name's first use.</summary>
internal static class ScopeRegistry
{
    private static readonly ConcurrentDictionary<string, int> s_ids = new(StringComparer.Ordinal);

    // Scope names are usually literals, so the same string object comes back: one reference
    // compare skips the dictionary's hashing in a loop.
    [ThreadStatic]
    private static string? t_lastName;

    [ThreadStatic]
    private static int t_lastId;

    internal static int IdOf(string name, Layer layer)
    {
        if (ReferenceEquals(name, t_lastName))
        {
            return t_lastId;
        }

        if (!s_ids.TryGetValue(name, out int id))
        {
            id = s_ids.GetOrAdd(name, static (n, l) => ProbeRegistry.Register(new ProbeDescriptor(n) { Layer = l, Kind = ProbeKind.Scope }), layer);
        }

        t_lastName = name;
        t_lastId = id;
        return id;
    }
}
