using System.Globalization;

namespace Edm.Profiling;

/// <summary>
/// The run-time switches of Edm.Profiling: the environment variables and the AppContext switch a
/// process reads, named and parsed here only, so that the runtime, <c>edm-prof</c> and the
/// <c>Edm.Profiling.CommandLine</c> integration read and write them alike. docs/profiling.md ("The
/// build property and the run-time switches") lists what each one does.
/// </summary>
public static class ProfilingSwitches
{
    /// <summary><c>EDM_PROFILING</c>: <c>0</c> or <c>false</c> (any case) switches profiling off in the process (<see cref="IsOff"/>).</summary>
    public const string EnabledVariable = "EDM_PROFILING";

    /// <summary>The AppContext switch <c>Edm.Profiling.Enabled</c>: false switches profiling off, as <see cref="EnabledVariable"/> does.</summary>
    public const string EnabledSwitch = "Edm.Profiling.Enabled";

    /// <summary><c>EDM_PROFILING_OUTPUT</c>: a file (ending in <c>.json</c>) or a folder; process mode writes its session there at exit.</summary>
    public const string OutputVariable = "EDM_PROFILING_OUTPUT";

    /// <summary><c>EDM_PROFILING_SESSION_NAME</c>: the process session's name (default: the entry assembly's).</summary>
    public const string SessionNameVariable = "EDM_PROFILING_SESSION_NAME";

    /// <summary><c>EDM_PROFILING_LAYER</c>: <c>lightweight</c> or <c>detailed</c> (<see cref="ParseLayer"/>), the highest layer probes record at.</summary>
    public const string LayerVariable = "EDM_PROFILING_LAYER";

    /// <summary><c>EDM_PROFILING_TIMELINE</c>: <c>1</c> or <c>true</c> (<see cref="IsOn"/>) records enter/exit events for the timeline views.</summary>
    public const string TimelineVariable = "EDM_PROFILING_TIMELINE";

    /// <summary><c>EDM_PROFILING_RESERVOIR</c>: how many call durations per method a session keeps (<see cref="ParseCount"/>).</summary>
    public const string ReservoirVariable = "EDM_PROFILING_RESERVOIR";

    /// <summary><c>EDM_PROFILING_CPU_SAMPLE</c>: read the thread CPU clock on one Detailed call in this many (<see cref="ParseCount"/>, above 0).</summary>
    public const string CpuSampleVariable = "EDM_PROFILING_CPU_SAMPLE";

    /// <summary><c>EDM_PROFILING_BACKENDS</c>: backends for sessions besides the probes, comma-separated (<see cref="ProfilerBackends.ParseList"/>), e.g. <c>cpu-sampling</c>.</summary>
    public const string BackendsVariable = "EDM_PROFILING_BACKENDS";

    /// <summary><c>EDM_PROFILING_NETTRACE</c>: with the <c>cpu-sampling</c> backend, the file to keep its raw <c>.nettrace</c> in.</summary>
    public const string NetTraceVariable = "EDM_PROFILING_NETTRACE";

    /// <summary><c>EDM_PROFILING_HEAP_INTERVAL</c>: with the <c>gc</c> backend, milliseconds between two readings of the heap series (<see cref="ParseCount"/>, above 0; default 100).</summary>
    public const string HeapIntervalVariable = "EDM_PROFILING_HEAP_INTERVAL";

    /// <summary><c>EDM_PROFILING_ADAPTIVE</c>: <c>0</c> or <c>false</c> (<see cref="IsOff"/>) times every call of every probe (no adaptive timing; docs/session-format.md).</summary>
    public const string AdaptiveVariable = "EDM_PROFILING_ADAPTIVE";

    /// <summary><c>EDM_COMMIT</c>: the commit a session records (default: the one SourceLink put in the entry assembly).</summary>
    public const string CommitVariable = "EDM_COMMIT";

    /// <summary><c>EDM_BRANCH</c>: the branch a session records.</summary>
    public const string BranchVariable = "EDM_BRANCH";

    /// <summary>True for a value that switches something off: <c>0</c> or <c>false</c>, in any case, spaces around ignored.</summary>
    public static bool IsOff(string? value)
    {
        string? text = value?.Trim();
        return text == "0" || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for a value that switches something on: <c>1</c> or <c>true</c>, in any case, spaces around ignored.</summary>
    public static bool IsOn(string? value)
    {
        string? text = value?.Trim();
        return text == "1" || string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>lightweight</c> or <c>detailed</c>, in any case, spaces around ignored; null for anything else.</summary>
    public static Layer? ParseLayer(string? value)
    {
        string? text = value?.Trim();
        if (string.Equals(text, "lightweight", StringComparison.OrdinalIgnoreCase))
        {
            return Layer.Lightweight;
        }

        return string.Equals(text, "detailed", StringComparison.OrdinalIgnoreCase) ? Layer.Detailed : null;
    }

    /// <summary>The text <see cref="ParseLayer"/> reads back: <c>lightweight</c> or <c>detailed</c>.</summary>
    public static string FormatLayer(Layer layer) => layer == Layer.Lightweight ? "lightweight" : "detailed";

    /// <summary>A count of zero or more, written in invariant digits; null for anything else.</summary>
    public static int? ParseCount(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) && count >= 0 ? count : null;

    /// <summary>The count <see cref="ParseCount"/> reads back.</summary>
    public static string FormatCount(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The value of <paramref name="variable"/> in this process's environment, or null when it is unset or empty.</summary>
    public static string? Read(string variable) =>
        System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>Whether this process profiles: neither <see cref="EnabledVariable"/> nor <see cref="EnabledSwitch"/> says off. Read once, by <see cref="Profiler.Enabled"/>.</summary>
    internal static bool ReadEnabled() =>
        !IsOff(Read(EnabledVariable)) && (!AppContext.TryGetSwitch(EnabledSwitch, out bool enabled) || enabled);

    /// <summary>The layer cap <see cref="LayerVariable"/> sets (Detailed when unset or not a layer). Read once, by <see cref="Profiler.MaxLayer"/>.</summary>
    internal static Layer ReadMaxLayer() => ParseLayer(Read(LayerVariable)) ?? Layer.Detailed;
}
