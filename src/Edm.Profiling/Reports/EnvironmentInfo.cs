namespace Edm.Profiling;

/// <summary>
/// The machine, runtime and build a session ran on. Comparisons use it to refuse comparing figures
/// from different machines or builds.
/// </summary>
public sealed record EnvironmentInfo
{
    /// <summary>Operating system description.</summary>
    public string Os { get; init; } = "";

    /// <summary>Process architecture, e.g. <c>X64</c>.</summary>
    public string Architecture { get; init; } = "";

    /// <summary>CPU model name, or <c>unknown</c>.</summary>
    public string CpuModel { get; init; } = "";

    /// <summary>Logical processors available to the process.</summary>
    public int LogicalCores { get; init; }

    /// <summary>Runtime description, e.g. <c>.NET 10.0.0</c>.</summary>
    public string Runtime { get; init; } = "";

    /// <summary>Runtime version, e.g. <c>10.0.0</c>.</summary>
    public string RuntimeVersion { get; init; } = "";

    /// <summary>Whether the server GC ran.</summary>
    public bool ServerGc { get; init; }

    /// <summary>Whether background (concurrent) GC was enabled.</summary>
    public bool ConcurrentGc { get; init; }

    /// <summary>Whether tiered compilation was enabled.</summary>
    public bool TieredCompilation { get; init; }

    /// <summary>Whether dynamic profile-guided optimisation was enabled.</summary>
    public bool TieredPgo { get; init; }

    /// <summary>Build configuration of the entry assembly: <c>Release</c> (optimised) or <c>Debug</c>.</summary>
    public string BuildConfiguration { get; init; } = "";

    /// <summary>Whether a debugger was attached.</summary>
    public bool DebuggerAttached { get; init; }

    /// <summary>Ticks per second of the timestamp source.</summary>
    public long StopwatchFrequency { get; init; }

    /// <summary>Hash of the hardware and OS facts that make timings comparable (CPU model, cores, OS, architecture).</summary>
    public string MachineFingerprint { get; init; } = "";

    /// <summary>Source commit, from <c>EDM_COMMIT</c> or the entry assembly's informational version.</summary>
    public string? Commit { get; init; }

    /// <summary>Source branch, from <c>EDM_BRANCH</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>Entry assembly name, when there is one.</summary>
    public string? EntryAssembly { get; init; }
}
