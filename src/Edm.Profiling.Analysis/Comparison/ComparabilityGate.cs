using System.Globalization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Decides whether two runs can be compared: the same data format major version, runtime major
/// version and build configuration (<see cref="CheckData"/>), and for timings the same machine and
/// runtime version (<see cref="CheckMachine"/>). Figures from different ones differ for reasons that
/// are not the code's, so a comparison across them would report noise as regressions.
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

    /// <summary>
    /// Null when data of these versions and environments are comparable; otherwise why not. This is
    /// what merging runs into one baseline requires: <see cref="CheckData"/> and the same machine fingerprint.
    /// </summary>
    public static string? Check(string baselineSchemaVersion, EnvironmentInfo baseline, string currentSchemaVersion, EnvironmentInfo current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (CheckData(baselineSchemaVersion, baseline, currentSchemaVersion, current) is { } reason)
        {
            return reason;
        }

        return string.Equals(baseline.MachineFingerprint, current.MachineFingerprint, StringComparison.Ordinal)
            ? null
            : $"machines differ (fingerprint {baseline.MachineFingerprint} vs {current.MachineFingerprint}: {Describe(baseline)} vs {Describe(current)})";
    }

    /// <summary>
    /// Null when nothing at all stands in the way of a comparison: the same session format major, runtime
    /// major and build configuration. Otherwise even call counts and allocations may differ for reasons
    /// that are not the code's, and no method is judged.
    /// </summary>
    public static string? CheckData(string baselineSchemaVersion, EnvironmentInfo baseline, string currentSchemaVersion, EnvironmentInfo current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (Major(baselineSchemaVersion) != Major(currentSchemaVersion))
        {
            return $"schema major versions differ (session format {baselineSchemaVersion} vs {currentSchemaVersion})";
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

    /// <summary>
    /// Null when both runs were recorded on the same kind of machine: the same machine fingerprint (a
    /// hash of CPU model, logical core count, OS family and architecture) and the same runtime version.
    /// Otherwise why not, naming both machines. Timings from different machines differ for reasons that
    /// are not the code's, so a comparison then judges calls and allocations but gives time Unknown.
    /// </summary>
    public static string? CheckMachine(EnvironmentInfo baseline, EnvironmentInfo current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (!string.Equals(baseline.MachineFingerprint, current.MachineFingerprint, StringComparison.Ordinal))
        {
            return $"recorded on another machine (fingerprint {baseline.MachineFingerprint}: {Describe(baseline)}, {baseline.Runtime}; this run {current.MachineFingerprint}: {Describe(current)}, {current.Runtime})";
        }

        return string.Equals(baseline.RuntimeVersion, current.RuntimeVersion, StringComparison.Ordinal)
            ? null
            : $"recorded on another runtime version ({baseline.RuntimeVersion} vs {current.RuntimeVersion}) on machine {current.MachineFingerprint} ({Describe(current)})";
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
