namespace Edm.Profiling;

/// <summary>
/// Everything one profiling session gathered: plain, immutable data, serialisable to the stable
/// session format (docs/session-format.md) with <see cref="SessionJson"/>.
/// </summary>
/// <remarks>Times are integer nanoseconds and sizes integer bytes, as their names say.</remarks>
public sealed record SessionReport
{
    /// <summary>Version of the session format this report follows.</summary>
    public const string CurrentSchemaVersion = "1.3";

    /// <summary>
    /// Identifier of the JSON Schema of the format (docs/session.schema.json). One schema describes the
    /// whole 1.x line (minor versions only add optional fields), so the identifier keeps its 1.0 name.
    /// </summary>
    public const string SchemaId = "https://edm-profiling.github.io/schemas/session-1.0.json";

    /// <summary>The JSON Schema the document follows; written as <c>$schema</c>.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("$schema")]
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)]
    public string Schema { get; init; } = SchemaId;

    /// <summary>Format version, <c>major.minor</c>. Readers accept any minor version of their major.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Name given to the session.</summary>
    public required string Name { get; init; }

    /// <summary>When the session started (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time from start to stop.</summary>
    public long DurationNs { get; init; }

    /// <summary>The machine, runtime and build the session ran on.</summary>
    public required EnvironmentInfo Environment { get; init; }

    /// <summary>The options the session ran with.</summary>
    public required SessionSettings Settings { get; init; }

    /// <summary>Every probe the session knows, whether or not it was called.</summary>
    public IReadOnlyList<ProbeInfo> Probes { get; init; } = [];

    /// <summary>Figures per probe that was called at least once, by <see cref="MethodStatistics.ProbeId"/>.</summary>
    public IReadOnlyList<MethodStatistics> Methods { get; init; } = [];

    /// <summary>The call tree, merged across threads: one node per distinct path of probes from a root.</summary>
    public IReadOnlyList<CallTreeNode> CallTree { get; init; } = [];

    /// <summary>Process I/O counters at start and stop, when the platform offers them.</summary>
    public SessionIo? Io { get; init; }

    /// <summary>Enter/exit events, when the session recorded a timeline.</summary>
    public TimelineData? Timeline { get; init; }

    /// <summary>Stack samples merged into the call tree, when a sampling backend ran (<c>cpu-sampling</c>).</summary>
    public CpuSamples? CpuSamples { get; init; }

    /// <summary>Sampled allocations by type, site and call-tree path, when the <c>allocation-sampling</c> backend ran.</summary>
    public AllocationSamples? AllocationSamples { get; init; }

    /// <summary>Garbage collections and the heap over time, when the <c>gc</c> backend ran.</summary>
    public GcActivity? Gc { get; init; }

    /// <summary>The backends the session asked for beyond the built-in ones, and how each fared; null when none was asked for.</summary>
    public IReadOnlyList<BackendStatus>? Backends { get; init; }

    /// <summary>What the probes themselves cost this session, when it was calibrated (<see cref="SessionSettings.ProbeCost"/>).</summary>
    public ProbeOverhead? Overhead { get; init; }

    /// <summary>Present when the session is one interval of a rolling run: which run, which interval.</summary>
    public SessionInterval? Interval { get; init; }

    /// <summary>Anything that makes the figures less than complete: faults, dropped data, disabled probing.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The probe with the given id, or null.</summary>
    public ProbeInfo? FindProbe(int id)
    {
        foreach (ProbeInfo probe in Probes)
        {
            if (probe.Id == id)
            {
                return probe;
            }
        }

        return null;
    }

    /// <summary>The figures of the probe with the given display name, or null if it was not called.</summary>
    public MethodStatistics? FindMethod(string name)
    {
        foreach (ProbeInfo probe in Probes)
        {
            if (probe.Name == name)
            {
                foreach (MethodStatistics method in Methods)
                {
                    if (method.ProbeId == probe.Id)
                    {
                        return method;
                    }
                }
            }
        }

        return null;
    }

    /// <inheritdoc />
    public bool Equals(SessionReport? other) =>
        other is not null
        && SchemaVersion == other.SchemaVersion
        && Name == other.Name
        && StartedAt == other.StartedAt
        && DurationNs == other.DurationNs
        && Environment == other.Environment
        && Settings == other.Settings
        && ListEquality.Equal(Probes, other.Probes)
        && ListEquality.Equal(Methods, other.Methods)
        && ListEquality.Equal(CallTree, other.CallTree)
        && Io == other.Io
        && Timeline == other.Timeline
        && CpuSamples == other.CpuSamples
        && AllocationSamples == other.AllocationSamples
        && Gc == other.Gc
        && ListEquality.Equal(Backends, other.Backends)
        && Overhead == other.Overhead
        && Interval == other.Interval
        && ListEquality.Equal(Warnings, other.Warnings);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Name, StartedAt, DurationNs, ListEquality.Hash(Methods), ListEquality.Hash(CallTree));
}
