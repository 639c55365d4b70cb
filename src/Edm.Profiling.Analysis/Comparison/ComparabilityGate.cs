using System.Globalization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Decides whether two runs' timings can be compared at all: the same data format major version,
/// the same machine, the same runtime major version and the same build configuration. Figures from
/// different ones differ for reasons that are not the code's, so a comparison across them would
/// report noise as regressions.
/// </summary>
public static class ComparabilityGate
{
    /// <summary>Null when the runs are comparable; otherwise the first reason they are not, in a sentence.</summary>
    public static string? Check(SessionReport baseline, SessionReport current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        return Check(baseline.SchemaVersion, baseline.Environment, current.SchemaVersion, current.Environment);
    }

    /// <summary>Null when data of these versions and environments are comparable; otherwise why not.</summary>
    public static string? Check(string baselineSchemaVersion, EnvironmentInfo baseline, string currentSchemaVersion, EnvironmentInfo current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (Major(baselineSchemaVersion) != Major(currentSchemaVersion))
        {
            return $"schema major versions differ (session format {baselineSchemaVersion} vs {currentSchemaVersion})";
        }

        if (!string.Equals(baseline.MachineFingerprint, current.MachineFingerprint, StringComparison.Ordinal))
        {
            return $"machines differ (fingerprint {baseline.MachineFingerprint} vs {current.MachineFingerprint}: {Describe(baseline)} vs {Describe(current)})";
        }

        if (Major(baseline.RuntimeVersion) != Major(current.RuntimeVersion))
        {
            return $"runtime major versions differ ({baseline.RuntimeVersion} vs {current.RuntimeVersion})";
        }

        if (!string.Equals(baseline.BuildConfiguration, current.BuildConfiguration, StringComparison.OrdinalIgnoreCase))
        {
            return $"build configurations differ ({baseline.BuildConfiguration} vs {current.BuildConfiguration})";
        }

        return null;
    }

    /// <summary>The major part of a <c>major.minor[.patch]</c> version; -1 when it has none.</summary>
    internal static int Major(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return -1;
        }

        int dot = version.IndexOf('.', StringComparison.Ordinal);
        return int.TryParse(dot < 0 ? version : version[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int major) ? major : -1;
    }

    private static string Describe(EnvironmentInfo e) => $"{e.CpuModel}, {e.LogicalCores} cores, {e.Os}, {e.Architecture}";
}
