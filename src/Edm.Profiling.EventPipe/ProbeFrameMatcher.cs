using System.Text;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Recognises probes on a sampled stack. Generated interceptors live in the <c>Edm.Profiling.Generated</c>
/// namespace; the first frame after a run of them is the method they wrap, and its name (without
/// parameters, generic arguments or arity) matches the probe's declaring type and method name. When
/// the JIT inlined the wrapped method into its interceptor (a one-line method), the interceptor's own
/// name says which it is: <c>…{Type}Interceptors.{Method}Probed</c> (<see cref="ProbesOfInterceptor"/>).
/// </summary>
internal sealed class ProbeFrameMatcher
{
    internal const string GeneratedNamespace = "Edm.Profiling.Generated.";

    private const string ProbedSuffix = "Probed";
    private const string InterceptorsSuffix = "Interceptors";

    private readonly Dictionary<string, List<int>> _probesByMethod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _probesByTypeAndMethod = new(StringComparer.Ordinal); // "Type.Method"

    internal ProbeFrameMatcher(IEnumerable<ProbeInfo> probes)
    {
        foreach (ProbeInfo probe in probes)
        {
            if (probe.Kind == ProbeKind.Scope)
            {
                continue; // a scope is a block, never a frame
            }

            string key = MethodKey(probe.Name);
            if (!_probesByMethod.TryGetValue(key, out List<int>? ids))
            {
                _probesByMethod[key] = ids = [];
            }

            ids.Add(probe.Id);
            string[] parts = key.Split('.');
            string shortKey = parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : key;
            if (!_probesByTypeAndMethod.TryGetValue(shortKey, out List<int>? byShort))
            {
                _probesByTypeAndMethod[shortKey] = byShort = [];
            }

            byShort.Add(probe.Id);
        }
    }

    internal static bool IsGenerated(string frameName) => frameName.StartsWith(GeneratedNamespace, StringComparison.Ordinal);

    /// <summary>The probes whose method <paramref name="frameName"/> is (overloads share a name), or null.</summary>
    internal IReadOnlyList<int>? ProbesOf(string frameName) =>
        _probesByMethod.TryGetValue(MethodKey(frameName), out List<int>? ids) ? ids : null;

    /// <summary>
    /// The probes an interceptor frame stands for, by its own name (<c>Edm.Profiling.Generated.&lt;File&gt;F0__WorkInterceptors.OuterProbed()</c>
    /// is a probe of <c>Work.Outer</c>), or null when the name is not of that shape or names no probe.
    /// </summary>
    internal IReadOnlyList<int>? ProbesOfInterceptor(string frameName)
    {
        string key = MethodKey(frameName);
        int dot = key.LastIndexOf('.');
        if (dot <= 0 || !key.EndsWith(ProbedSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        string method = key[(dot + 1)..^ProbedSuffix.Length];
        string type = key[..dot];
        type = type[(Math.Max(type.LastIndexOf('.'), type.LastIndexOf("__", StringComparison.Ordinal) + 1) + 1)..];
        if (method.Length == 0 || !type.EndsWith(InterceptorsSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        type = type[..^InterceptorsSuffix.Length];
        return _probesByTypeAndMethod.TryGetValue($"{type}.{method}", out List<int>? ids) ? ids : null;
    }

    /// <summary>
    /// <c>Ns.Type`1[System.__Canon]+Inner.Method[System.Int32](!!0)</c> and <c>Ns.Type&lt;T&gt;.Inner.Method&lt;U&gt;(U)</c>
    /// both become <c>Ns.Type.Inner.Method</c>.
    /// </summary>
    internal static string MethodKey(string name)
    {
        int paren = name.IndexOf('(', StringComparison.Ordinal);
        ReadOnlySpan<char> head = paren >= 0 ? name.AsSpan(0, paren) : name.AsSpan();
        var key = new StringBuilder(head.Length);
        int depth = 0;
        for (int i = 0; i < head.Length; i++)
        {
            char c = head[i];
            if (c is '[' or '<')
            {
                depth++;
            }
            else if (c is ']' or '>')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                if (c == '`')
                {
                    while (i + 1 < head.Length && char.IsAsciiDigit(head[i + 1]))
                    {
                        i++;
                    }
                }
                else
                {
                    key.Append(c == '+' ? '.' : c);
                }
            }
        }

        return key.ToString().Trim();
    }
}
