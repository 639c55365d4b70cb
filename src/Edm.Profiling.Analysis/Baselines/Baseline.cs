using System.Text.Json.Serialization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// The figures a comparison judges a run against: one session, or several sessions of the same command
/// merged, saved under a name at a commit or version (docs/baseline-format.md). Probes, methods and
/// call tree have the shapes of the session format; <see cref="Runs"/> says which sessions went in.
/// </summary>
public sealed record Baseline
{
    /// <summary>Version of the baseline format this type writes.</summary>
    public const string CurrentSchemaVersion = "1.1";

    /// <summary>Identifier of the format, written as <c>$schema</c>.</summary>
    public const string SchemaId = "https://edm-profiling.github.io/schemas/baseline-1.1.json";

    /// <summary>The format identifier; written first.</summary>
    [JsonPropertyName("$schema")]
    [JsonPropertyOrder(-2)]
    public string Schema { get; init; } = SchemaId;

    /// <summary>Format version, <c>major.minor</c>. Readers accept any minor version of their major.</summary>
    [JsonPropertyOrder(-1)]
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Name of the baseline: the folder it is stored in, usually the command profiled.</summary>
    public required string Name { get; init; }

    /// <summary>Name of the sessions merged (they all carry the same one: the command that ran).</summary>
    public string? Command { get; init; }

    /// <summary>A release version the baseline stands for, e.g. <c>1.4.0</c>; names the file when set.</summary>
    public string? Version { get; init; }

    /// <summary>Source commit the sessions ran; names the file when <see cref="Version"/> is not set.</summary>
    public string? Commit { get; init; }

    /// <summary>Branch the commit was on; the store keeps a pointer to the latest baseline of each branch.</summary>
    public string? Branch { get; init; }

    /// <summary>When the baseline was made (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The sessions merged, in the order given, with each one's call counts.</summary>
    public IReadOnlyList<BaselineRun> Runs { get; init; } = [];

    /// <summary>Machine, runtime and build of the sessions (the first one's; all must be comparable).</summary>
    public required EnvironmentInfo Environment { get; init; }

    /// <summary>Session options (the first one's), with the reservoir size of the merged samples.</summary>
    public required SessionSettings Settings { get; init; }

    /// <summary>Every probe of any merged session, sorted by name; ids are indexes into this list.</summary>
    public IReadOnlyList<ProbeInfo> Probes { get; init; } = [];

    /// <summary>Figures per probe, summed over the runs; samples merged as one uniform sample.</summary>
    public IReadOnlyList<MethodStatistics> Methods { get; init; } = [];

    /// <summary>The call trees of the runs merged by path of probe names.</summary>
    public IReadOnlyList<CallTreeNode> CallTree { get; init; } = [];

    /// <summary>Warnings of the merged sessions, each prefixed with its session.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Per probe, the sampled allocations under it and its top types, summed over the runs, when every
    /// run had allocation samples (optional, format 1.1; absent otherwise and in older files).
    /// </summary>
    public IReadOnlyList<SampledProbeAllocations>? SampledAllocations { get; init; }

    /// <summary>The file key in the store: <see cref="Version"/> if set, else <see cref="Commit"/>, else null.</summary>
    [JsonIgnore]
    public string? Key => Version ?? Commit;

    /// <summary>A one-session baseline (what a plain session is when compared).</summary>
    public static Baseline FromSession(SessionReport session, string? name = null) =>
        BaselineMerger.Merge(name ?? session?.Name ?? "", [($"session '{session?.Name}'", session!)], new BaselineOptions());

    /// <summary>
    /// Merges sessions of the same command into a baseline: counts and times summed, histograms added,
    /// duration samples merged as one uniform sample (docs/baseline-format.md, "Merging").
    /// </summary>
    /// <exception cref="AnalysisException">The sessions are of different commands, commits, machines or builds.</exception>
    public static Baseline Merge(string name, IReadOnlyList<SessionReport> sessions, BaselineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return BaselineMerger.Merge(name, sessions.Select((s, i) => ($"session {i + 1} ('{s?.Name}')", s!)).ToList(), options ?? new BaselineOptions());
    }

    /// <summary>Reads session files and merges them; errors name the file.</summary>
    /// <exception cref="AnalysisException">A file cannot be read, or the sessions cannot be merged.</exception>
    public static Baseline FromSessionFiles(string name, IReadOnlyList<string> paths, BaselineOptions? options = null) =>
        FromSessionFiles(name, paths, options, progress: null);

    /// <summary>Reads session files and merges them, reporting the number of files read so far (for a progress bar).</summary>
    /// <exception cref="AnalysisException">A file cannot be read, or the sessions cannot be merged.</exception>
    public static Baseline FromSessionFiles(string name, IReadOnlyList<string> paths, BaselineOptions? options, IProgress<int>? progress)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new AnalysisException(name, "no session file given to make the baseline from");
        }

        // Reading and validating a large session is most of the cost, and files are independent: read
        // them on every core. An error names the first file (in the order given) that failed.
        var sessions = new (string, SessionReport)[paths.Count];
        int read = 0;
        try
        {
            Parallel.For(0, paths.Count, i =>
            {
                sessions[i] = (paths[i], RunFile.ReadSession(paths[i]));
                progress?.Report(Interlocked.Increment(ref read));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is AnalysisException))
        {
            throw e.InnerExceptions.Cast<AnalysisException>().OrderBy(x => IndexOf(paths, x)).First();
        }

        return BaselineMerger.Merge(name, sessions, options ?? new BaselineOptions());
    }

    /// <summary>Position of the file an error names, so that parallel reads report the same file a sequential read would.</summary>
    private static int IndexOf(IReadOnlyList<string> paths, AnalysisException e)
    {
        for (int i = 0; i < paths.Count; i++)
        {
            if (e.Source == paths[i])
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>The baseline as a session report, for reporters and anything that reads sessions.</summary>
    public SessionReport ToSessionReport() => new()
    {
        SchemaVersion = Runs.Count > 0 ? Runs[0].SchemaVersion : SessionReport.CurrentSchemaVersion,
        Name = Name,
        StartedAt = Runs.Count > 0 ? Runs.Min(r => r.StartedAt) : CreatedAt,
        DurationNs = Runs.Sum(r => r.DurationNs),
        Environment = Environment,
        Settings = Settings,
        Probes = Probes,
        Methods = Methods,
        CallTree = CallTree,
        Warnings = Warnings,
    };

    /// <inheritdoc />
    public bool Equals(Baseline? other) =>
        other is not null
        && SchemaVersion == other.SchemaVersion && Name == other.Name && Command == other.Command
        && Version == other.Version && Commit == other.Commit && Branch == other.Branch && CreatedAt == other.CreatedAt
        && Environment == other.Environment && Settings == other.Settings
        && ListEquality.Equal(Runs, other.Runs) && ListEquality.Equal(Probes, other.Probes)
        && ListEquality.Equal(Methods, other.Methods) && ListEquality.Equal(CallTree, other.CallTree)
        && ListEquality.Equal(Warnings, other.Warnings)
        && (SampledAllocations is null ? other.SampledAllocations is null : other.SampledAllocations is not null && ListEquality.Equal(SampledAllocations, other.SampledAllocations));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Version, Commit, CreatedAt, ListEquality.Hash(Methods));
}

/// <summary>One session merged into a baseline.</summary>
public sealed record BaselineRun
{
    /// <summary>The session's name.</summary>
    public required string Session { get; init; }

    /// <summary>The session format version the session was read in.</summary>
    public string SchemaVersion { get; init; } = SessionReport.CurrentSchemaVersion;

    /// <summary>When the session started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The session's wall time.</summary>
    public long DurationNs { get; init; }

    /// <summary>The commit the session recorded, if any.</summary>
    public string? Commit { get; init; }

    /// <summary>
    /// Calls of each method in this run, in the order of <see cref="Baseline.Methods"/>; they sum to each
    /// method's calls. Call counts are compared per run, and their spread across runs tells a
    /// deterministic count from one that varies.
    /// </summary>
    public IReadOnlyList<long> Calls { get; init; } = [];

    /// <summary>
    /// Median duration of a call of each method in this run (of the run's duration samples, else its
    /// histogram's p50), in the order of <see cref="Baseline.Methods"/>; 0 where the run made no call.
    /// The spread of these medians across runs is the between-run noise a comparison allows for; empty
    /// in baselines written before format 1.1.
    /// </summary>
    public IReadOnlyList<long> MedianNs { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    public bool Equals(BaselineRun? other) =>
        other is not null && Session == other.Session && SchemaVersion == other.SchemaVersion
        && StartedAt == other.StartedAt && DurationNs == other.DurationNs && Commit == other.Commit
        && ListEquality.Equal(Calls, other.Calls) && ListEquality.Equal(MedianNs, other.MedianNs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Session, StartedAt, DurationNs);
}
