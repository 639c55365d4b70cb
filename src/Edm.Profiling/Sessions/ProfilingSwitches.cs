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

    /// <summary>
    /// <c>EDM_PROFILING_TRACE_TIMING</c>: <c>1</c> or <c>true</c> (<see cref="IsOn"/>) makes the EventPipe backends
    /// (<c>cpu-sampling</c>, <c>allocation-sampling</c>) write one line to standard error when their trace is done:
    /// how long starting, stopping (the runtime's flush and rundown), reading and attributing it took. A debugging aid.
    /// </summary>
    public const string TraceTimingVariable = "EDM_PROFILING_TRACE_TIMING";

    /// <summary>
    /// <c>EDM_PROFILING_TRACE_DISCARD</c>: <c>1</c> or <c>true</c> (<see cref="IsOn"/>) makes the EventPipe backends read
    /// their live stream and throw it away unparsed, so they report no samples: what the runtime's side of a session
    /// costs alone (the floor of the sampling overhead). A measuring aid (benchmarks/sampling-overhead.sh).
    /// </summary>
    public const string TraceDiscardVariable = "EDM_PROFILING_TRACE_DISCARD";

    /// <summary>
    /// <c>EDM_PROFILING_SAMPLING_DUTY</c>: with the <c>cpu-sampling</c> backend, the share of the time the runtime's
    /// stack sampler is on (<see cref="ParseDuty"/>: <c>0.25</c>, <c>25%</c> or <c>1/4</c>; <c>1</c>, the default, samples all along;
    /// default <see cref="SessionOptions.DefaultSamplingDuty"/>). See <see cref="SessionOptions.SamplingDuty"/>.
    /// </summary>
    public const string SamplingDutyVariable = "EDM_PROFILING_SAMPLING_DUTY";

    /// <summary>
    /// <c>EDM_PROFILING_SAMPLING_WINDOW</c>: with the <c>cpu-sampling</c> backend sampling in windows, how long each
    /// window lasts (<see cref="ParseDuration"/>, e.g. <c>100ms</c>; above zero; default
    /// <see cref="SessionOptions.DefaultSamplingWindow"/>). See <see cref="SessionOptions.SamplingWindow"/>.
    /// </summary>
    public const string SamplingWindowVariable = "EDM_PROFILING_SAMPLING_WINDOW";

    /// <summary>
    /// <c>EDM_PROFILING_STOP_REHEARSAL</c>: when a process-wide session with <c>cpu-sampling</c> or <c>allocation-sampling</c>
    /// rehearses its stop (compiles its naming and attribution code on a made-up trace). Unset: as the process begins to exit,
    /// on a thread of its own while the exiting thread completes the probes' section. <c>1</c> or <c>true</c> (<see cref="IsOn"/>):
    /// on its trace reader thread at its start, while the program runs (those first calls put off the program's tiering:
    /// benchmarks/README.md, "Tiering delay, ninth wave-2 session"). <c>0</c> or <c>false</c> (<see cref="IsOff"/>): never; the
    /// exiting thread compiles that code itself. A measuring aid (benchmarks/sampling-overhead.sh).
    /// </summary>
    public const string StopRehearsalVariable = "EDM_PROFILING_STOP_REHEARSAL";

    /// <summary>
    /// <c>EDM_PROFILING_OWN_PORT</c>: <c>0</c> or <c>false</c> (<see cref="IsOff"/>) makes the in-process EventPipe backends open
    /// their session through the diagnostics client (which starts the thread pool and .NET's socket engine) instead of on the
    /// process's own diagnostic port over a blocking socket. A measuring aid (benchmarks/sampling-overhead.sh).
    /// </summary>
    public const string OwnPortVariable = "EDM_PROFILING_OWN_PORT";

    /// <summary><c>EDM_PROFILING_HEAP_INTERVAL</c>: with the <c>gc</c> backend, milliseconds between two readings of the heap series (<see cref="ParseCount"/>, above 0; default 100).</summary>
    public const string HeapIntervalVariable = "EDM_PROFILING_HEAP_INTERVAL";

    /// <summary><c>EDM_PROFILING_ADAPTIVE</c>: <c>0</c> or <c>false</c> (<see cref="IsOff"/>) times every call of every probe (no adaptive timing; docs/session-format.md).</summary>
    public const string AdaptiveVariable = "EDM_PROFILING_ADAPTIVE";

    /// <summary><c>EDM_PROFILING_METRICS</c>: <c>0</c> or <c>false</c> (<see cref="IsOff"/>) creates no <c>Edm.Profiling</c> meter (<see cref="ProfilingMetrics"/>).</summary>
    public const string MetricsVariable = "EDM_PROFILING_METRICS";

    /// <summary>
    /// <c>EDM_PROFILING_FLUSH_INTERVAL</c>: a duration (<see cref="ParseDuration"/>, e.g. <c>30s</c>, <c>5m</c>,
    /// <c>00:00:30</c>); process mode then writes one session per interval instead of one at exit (<see cref="SessionOptions.FlushInterval"/>).
    /// </summary>
    public const string FlushIntervalVariable = "EDM_PROFILING_FLUSH_INTERVAL";

    /// <summary><c>EDM_PROFILING_MAX_FILES</c>: with a flush interval, keep at most this many interval files of a run (<see cref="ParseCount"/>; 0 keeps all).</summary>
    public const string MaxFilesVariable = "EDM_PROFILING_MAX_FILES";

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

    /// <summary>
    /// A share above 0 and at most 1, written as a decimal (<c>0.25</c>), a percentage (<c>25%</c>) or a fraction
    /// (<c>1/4</c>), in invariant digits, spaces around ignored; null for anything else.
    /// </summary>
    public static double? ParseDuty(string? value)
    {
        string text = value?.Trim() ?? "";
        double share;
        if (text.Length > 0 && text[text.Length - 1] == '%')
        {
            share = Number(text[..^1]) / 100;
        }
        else if (text.IndexOf('/', StringComparison.Ordinal) is var slash and > 0)
        {
            share = Number(text[..slash]) / Number(text[(slash + 1)..]);
        }
        else
        {
            share = Number(text);
        }

        return share > 0 && share <= 1 ? share : null;

        static double Number(string part) =>
            double.TryParse(part.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number) ? number : double.NaN;
    }

    /// <summary>
    /// A duration: a number with a unit, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c> (<c>500ms</c>,
    /// <c>30s</c>, <c>1.5m</c>), or <c>[d.]hh:mm:ss[.fff]</c> (<c>00:00:30</c>); spaces around ignored. Null for
    /// anything else, and for a negative duration. Zero is returned as zero: the caller decides what it means.
    /// </summary>
    public static TimeSpan? ParseDuration(string? value)
    {
        string text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Any(c => c == ':'))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span) && span >= TimeSpan.Zero ? span : null;
        }

        (string Unit, double Milliseconds)[] units = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach ((string unit, double milliseconds) in units)
        {
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && !(unit == "s" && text.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
                && double.TryParse(text.Substring(0, text.Length - unit.Length).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number)
                && number * milliseconds <= TimeSpan.MaxValue.TotalMilliseconds)
            {
                return TimeSpan.FromMilliseconds(number * milliseconds);
            }
        }

        return null;
    }

    /// <summary>A duration as <see cref="ParseDuration"/> reads it back: whole seconds as <c>30s</c>, else milliseconds (<c>1500ms</c>).</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)Math.Round(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>
    /// The flush interval <see cref="FlushIntervalVariable"/> asks for: null when unset; when set but not a
    /// positive duration, null and <paramref name="problem"/> says why (the session shows it as a warning).
    /// </summary>
    internal static TimeSpan? ReadFlushInterval(out string? problem)
    {
        problem = null;
        if (Read(FlushIntervalVariable) is not { } text)
        {
            return null;
        }

        TimeSpan? interval = ParseDuration(text);
        if (interval is { } positive && positive > TimeSpan.Zero)
        {
            return positive;
        }

        problem = interval is null
            ? $"{FlushIntervalVariable}='{text}' is not a duration (e.g. 30s, 5m, 00:00:30); the session is written once, at exit."
            : $"{FlushIntervalVariable}='{text}' is zero; the session is written once, at exit.";
        return null;
    }

    /// <summary>Whether live metrics are on: <see cref="MetricsVariable"/> does not say off.</summary>
    internal static bool ReadMetricsEnabled() => !IsOff(Read(MetricsVariable));

    /// <summary>The value of <paramref name="variable"/> in this process's environment, or null when it is unset or empty.</summary>
    public static string? Read(string variable) =>
        System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>Whether this process profiles: neither <see cref="EnabledVariable"/> nor <see cref="EnabledSwitch"/> says off. Read once, by <see cref="Profiler.Enabled"/>.</summary>
    internal static bool ReadEnabled() =>
        !IsOff(Read(EnabledVariable)) && (!AppContext.TryGetSwitch(EnabledSwitch, out bool enabled) || enabled);

    /// <summary>The layer cap <see cref="LayerVariable"/> sets (Detailed when unset or not a layer). Read once, by <see cref="Profiler.MaxLayer"/>.</summary>
    internal static Layer ReadMaxLayer() => ParseLayer(Read(LayerVariable)) ?? Layer.Detailed;
}
