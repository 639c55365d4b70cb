using System.Reflection;

namespace Edm.Profiling;

/// <summary>
/// The backends a session can be asked for by name (<see cref="SessionOptions.Backends"/>,
/// <c>EDM_PROFILING_BACKENDS</c>). The probe recorder (<c>probes</c>) and the I/O counters (<c>io</c>)
/// are built in and always run; <c>gc</c> (<c>GcBackend</c>, .NET 8 and later) is built in and
/// runs when asked for; others come from packages: <c>Edm.Profiling.EventPipe</c> offers
/// <c>cpu-sampling</c> and <c>allocation-sampling</c>, found by its <see cref="ProfilerBackendAttribute"/> when its assembly is beside
/// the program, or registered in code with <see cref="Register"/>.
/// </summary>
public static class ProfilerBackends
{
    /// <summary>The probe recorder: the <c>[Profile]</c> interceptors and <c>Profiler.Scope</c> blocks.</summary>
    public const string Probes = "probes";

    /// <summary>The process I/O counters read at start and stop.</summary>
    public const string Io = "io";

    /// <summary>The environment variable that names extra backends for sessions, comma-separated (<see cref="ProfilingSwitches.BackendsVariable"/>).</summary>
    public const string EnvironmentVariable = ProfilingSwitches.BackendsVariable;

    /// <summary>Assemblies searched for <see cref="ProfilerBackendAttribute"/> when a name is not registered.</summary>
    private static readonly string[] s_providerAssemblies = ["Edm.Profiling.EventPipe"];

    private static readonly object s_gate = new();
    private static readonly Dictionary<string, Func<IProfilerBackend>> s_factories = new(StringComparer.OrdinalIgnoreCase)
    {
#if NET
        [GcBackend.BackendName] = () => new GcBackend(),
#endif
    };
    private static bool s_discovered;

    /// <summary>Registers (or replaces) the backend asked for by <paramref name="name"/>.</summary>
    /// <param name="name">Name, matched without regard to case.</param>
    /// <param name="factory">Creates a fresh backend for each session.</param>
    public static void Register(string name, Func<IProfilerBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        lock (s_gate)
        {
            s_factories[name.Trim()] = factory;
        }
    }

    /// <summary>Names a session can ask for: the built-in ones and those registered or found so far.</summary>
    public static IReadOnlyList<string> Known
    {
        get
        {
            lock (s_gate)
            {
                Discover();
                return [Probes, Io, .. s_factories.Keys.OrderBy(n => n, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Splits a comma-separated list of names (as <c>EDM_PROFILING_BACKENDS</c> holds it), without empty entries or duplicates.</summary>
    public static IReadOnlyList<string> ParseList(string? names)
    {
        var list = new List<string>();
        foreach (string part in (names ?? "").Split(','))
        {
            string name = part.Trim();
            if (name.Length > 0 && !list.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(name);
            }
        }

        return list;
    }

    /// <summary>A fresh backend named <paramref name="name"/>, or null with the reason when there is none.</summary>
    internal static IProfilerBackend? Create(string name, out string? problem)
    {
        problem = null;
        Func<IProfilerBackend>? factory;
        lock (s_gate)
        {
            if (!s_factories.TryGetValue(name, out factory))
            {
                Discover();
                s_factories.TryGetValue(name, out factory);
            }
        }

        if (factory is null)
        {
            problem = $"Backend '{name}' is unknown (known: {string.Join(", ", Known)}); the session runs without it. "
                + "cpu-sampling and allocation-sampling need the Edm.Profiling.EventPipe package; gc, .NET 8 or later.";
            return null;
        }

        try
        {
            return factory();
        }
#pragma warning disable CA1031 // A backend's fault becomes a warning; profiling never throws into user code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            problem = $"Backend '{name}' could not be created ({e.GetType().Name}: {e.Message}); the session runs without it.";
            return null;
        }
    }

    /// <summary>Loads the known provider assemblies once and registers the backends they declare. Under <see cref="s_gate"/>.</summary>
    private static void Discover()
    {
        if (s_discovered)
        {
            return;
        }

        s_discovered = true;
        foreach (string assemblyName in s_providerAssemblies)
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(assemblyName));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                continue; // not beside this program: its backends are unknown here
            }

            foreach (ProfilerBackendAttribute declared in assembly.GetCustomAttributes<ProfilerBackendAttribute>())
            {
                if (!s_factories.ContainsKey(declared.Name) && typeof(IProfilerBackend).IsAssignableFrom(declared.BackendType))
                {
                    ProfilerBackendAttribute backend = declared;
                    s_factories[backend.Name] = () => (IProfilerBackend)Activator.CreateInstance(backend.BackendType)!;
                }
            }
        }
    }
}
