using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Edm.Profiling;

/// <summary>Reads the facts of <see cref="EnvironmentInfo"/> once per process.</summary>
internal static class EnvironmentCollector
{
    private static EnvironmentInfo? s_cached;

    internal static EnvironmentInfo Collect()
    {
        EnvironmentInfo info = s_cached ??= CollectStatic();
        // Commit, branch and debugger may change between sessions of a long-lived process.
        return info with
        {
            DebuggerAttached = Debugger.IsAttached,
            Commit = NonEmpty(System.Environment.GetEnvironmentVariable(ProfilingSwitches.CommitVariable)) ?? info.Commit,
            Branch = NonEmpty(System.Environment.GetEnvironmentVariable(ProfilingSwitches.BranchVariable)) ?? info.Branch,
        };
    }

    private static EnvironmentInfo CollectStatic()
    {
        Assembly? entry = Assembly.GetEntryAssembly();
        string os = RuntimeInformation.OSDescription;
        string architecture = RuntimeInformation.ProcessArchitecture.ToString();
        string cpu = CpuModel();
        int cores = System.Environment.ProcessorCount;
        return new EnvironmentInfo
        {
            Os = os,
            Architecture = architecture,
            CpuModel = cpu,
            LogicalCores = cores,
            Runtime = RuntimeInformation.FrameworkDescription,
            RuntimeVersion = System.Environment.Version.ToString(),
            ServerGc = GCSettings.IsServerGC,
            ConcurrentGc = Switch("System.GC.Concurrent", "DOTNET_gcConcurrent", true),
            TieredCompilation = Switch("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation", true),
            TieredPgo = Switch("System.Runtime.TieredPGO", "DOTNET_TieredPGO", true),
            BuildConfiguration = BuildConfiguration(entry),
            StopwatchFrequency = Stopwatch.Frequency,
            MachineFingerprint = Fingerprint(cpu, cores, OsFamily(), architecture),
            Commit = CommitFromAssembly(entry),
            EntryAssembly = entry?.GetName().Name,
        };
    }

    private static string? NonEmpty(string? value) => value?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static bool Switch(string appContextName, string environmentName, bool defaultValue)
    {
        string? env = System.Environment.GetEnvironmentVariable(environmentName);
        if (env is "0")
        {
            return false;
        }

        if (env is "1")
        {
            return true;
        }

        if (AppContext.GetData(appContextName) is { } data && bool.TryParse(data.ToString(), out bool value))
        {
            return value;
        }

        return defaultValue;
    }

    private static string BuildConfiguration(Assembly? entry)
    {
        if (entry is null)
        {
            return "unknown";
        }

        var debuggable = entry.GetCustomAttribute<DebuggableAttribute>();
        return debuggable is { IsJITOptimizerDisabled: true } ? "Debug" : "Release";
    }

    /// <summary>The commit after '+' in an informational version (what SourceLink writes).</summary>
    private static string? CommitFromAssembly(Assembly? entry)
    {
        string? version = entry?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 && plus < version!.Length - 1 ? version[(plus + 1)..] : null;
    }

    private static string OsFamily() =>
        OperatingSystem.IsLinux() ? "linux" :
        OperatingSystem.IsWindows() ? "windows" :
        OperatingSystem.IsMacOS() ? "macos" : RuntimeInformation.OSDescription;

    private static string CpuModel()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    }
                }
            }

            if (System.Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") is { Length: > 0 } id)
            {
                return id;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "unknown";
    }

    internal static string Fingerprint(string cpu, int cores, string os, string architecture)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{cpu}|{cores}|{os}|{architecture}"));
        return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
    }
}
