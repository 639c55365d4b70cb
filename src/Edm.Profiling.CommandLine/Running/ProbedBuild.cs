using System.Reflection;

namespace Edm.Profiling.CommandLine.Running;

/// <summary>
/// Tells whether the program was built with probes (<c>-p:EdmProfiling=true</c>). Without them,
/// <c>[Profile]</c> methods are not timed and only <c>Profiler.Scope</c> blocks record.
/// </summary>
internal static class ProbedBuild
{
    /// <summary>The assembly-level marker the generator writes for each type with profiled methods (docs/generator.md).</summary>
    internal const string MarkerKey = "Edm.Profiling.ProfiledType";

    /// <summary>
    /// True when a method probe recorded in <paramref name="session"/> (generated interceptors ran),
    /// or <paramref name="application"/> carries the generator's markers (it was built with probes,
    /// though this command called none of them).
    /// </summary>
    internal static bool HasProbes(SessionReport session, Assembly? application) =>
        session.Methods.Any(method => session.FindProbe(method.ProbeId) is { Kind: not ProbeKind.Scope }) || HasMarkers(application);

    private static bool HasMarkers(Assembly? assembly) =>
        assembly is not null && assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Any(a => a.Key == MarkerKey);
}
