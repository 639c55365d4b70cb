namespace Edm.Profiling;

/// <summary>What a session records beyond the per-probe figures.</summary>
public sealed record SessionOptions
{
    /// <summary>
    /// The default of <see cref="CpuSampleInterval"/>: one Detailed call in 256 (on average) reads the thread
    /// CPU clock. Two readings of a 1.5 µs system call every 256 calls add about 12 ns a call; at 64 they
    /// added 47, more than all the other Detailed counters together.
    /// </summary>
    public const int DefaultCpuSampleInterval = 256;

    /// <summary>
    /// The <see cref="SampleReservoirSize"/> of sessions that feed comparisons: process mode
    /// (<c>edm-prof run</c>) and <c>--profile</c> keep 1,000 call durations per probe unless told otherwise.
    /// </summary>
    public const int ComparisonReservoirSize = 1000;

    /// <summary>
    /// Read thread CPU time on the first Detailed call of each probe on each thread, then on one call in this
    /// many on average (random gaps, so periodic call patterns cannot alias; default <see cref="DefaultCpuSampleInterval"/>).
    /// The CPU clock is a system call of about 1.5 µs, so reading it on every call would swamp small methods.
    /// </summary>
    public int CpuSampleInterval { get; init; } = DefaultCpuSampleInterval;

    /// <summary>
    /// Keep a uniform sample of up to this many call durations per probe (default 0, none).
    /// Regression tests need them; <c>edm-prof</c> and <c>--profile</c> ask for <see cref="ComparisonReservoirSize"/>.
    /// </summary>
    public int SampleReservoirSize { get; init; }

    /// <summary>
    /// The highest layer probes record at in this session (default <see cref="Layer.Detailed"/>: what
    /// each annotation asks for). <see cref="Layer.Lightweight"/> makes Detailed probes record timing
    /// only, as <c>EDM_PROFILING_LAYER=lightweight</c> does for the whole process; the lower of the
    /// two applies.
    /// </summary>
    public Layer MaxLayer { get; init; } = Layer.Detailed;

    /// <summary>Record enter/exit events for timeline exports (speedscope, Chrome trace).</summary>
    public bool RecordTimeline { get; init; }

    /// <summary>Most timeline events kept across all threads (default one million); the rest are counted as dropped.</summary>
    public long TimelineCapacity { get; init; } = 1_000_000;

    /// <summary>
    /// Backends to run besides the probes and the I/O counters, by name (default none): e.g.
    /// <c>cpu-sampling</c> from the <c>Edm.Profiling.EventPipe</c> package. See <see cref="ProfilerBackends"/>.
    /// A name that is unknown, or a backend that cannot start here, adds a warning to the session.
    /// </summary>
    public IReadOnlyList<string> Backends { get; init; } = [];

    /// <summary>
    /// The default of <see cref="SamplingDuty"/>: 1, the stack sampler on all along. Windows are opt-in until a quiet
    /// machine shows they pay on the program's wall time: on the loaded VM they saved CPU but not wall time
    /// (benchmarks/README.md, "Sampling in windows").
    /// </summary>
    public const double DefaultSamplingDuty = 1;

    /// <summary>
    /// With the <c>cpu-sampling</c> backend, the share of the time the runtime's stack sampler is on (default
    /// <see cref="DefaultSamplingDuty"/>, all along; 0.25 for a quarter): below 1 it samples in windows (<see cref="SamplingWindow"/>) placed at random, and each sample
    /// counts as the sampling interval ÷ this duty, so the estimates keep their scale (the session records the
    /// duty measured). 1 samples all along, as does a value outside (0, 1]. The runtime's sampler costs the program
    /// about in proportion to the time it is on (docs/profiling.md, "CPU sampling").
    /// <c>EDM_PROFILING_SAMPLING_DUTY</c> sets it (<c>1</c>, <c>0.25</c>, <c>25%</c>, <c>1/4</c>).
    /// </summary>
    public double SamplingDuty { get; init; } = DefaultSamplingDuty;

    /// <summary>The default of <see cref="SamplingWindow"/>.</summary>
    public static readonly TimeSpan DefaultSamplingWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// With <see cref="SamplingDuty"/> below 1, how long each window of the stack sampler lasts (default
    /// <see cref="DefaultSamplingWindow"/>; the gaps between windows are random, of mean window × (1 − duty) ÷ duty).
    /// Each window costs a few milliseconds of CPU to open and close (docs/profiling.md, "Sampling in windows"), so
    /// shorter windows cost more for the same duty and longer ones see fewer places of a short program.
    /// <c>EDM_PROFILING_SAMPLING_WINDOW</c> sets it (<c>100ms</c>). Zero or less: the default.
    /// </summary>
    public TimeSpan SamplingWindow { get; init; } = DefaultSamplingWindow;

    /// <summary>The default of <see cref="HeapSeriesInterval"/>: ten readings a second.</summary>
    public static readonly TimeSpan DefaultHeapSeriesInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// With the <c>gc</c> backend, how often the managed heap and the process working set are read for
    /// the heap series between collections (default <see cref="DefaultHeapSeriesInterval"/>; every
    /// collection adds a point of its own). <c>EDM_PROFILING_HEAP_INTERVAL</c> sets it in milliseconds.
    /// </summary>
    public TimeSpan HeapSeriesInterval { get; init; } = DefaultHeapSeriesInterval;

    /// <summary>
    /// Measure the probe's own cost when the session starts (default true; a fraction of a millisecond), so
    /// reports can give times with that cost taken out and say what the probes cost the run.
    /// </summary>
    public bool Calibrate { get; init; } = true;

    /// <summary>
    /// Measure the Lightweight probe's cost again when a calibrated session of at least
    /// <see cref="CalibrateAtStopAfter"/> stops (default true), through loops compiled as the program's hot
    /// code is (tier 1 with the runtime's profile): the start's loops, compiled fully optimised at once, put
    /// more of the probe inside a call than a hot interceptor does. A background thread warms those loops
    /// while the session runs (bursts of about a millisecond every 100 ms, until the runtime has promoted them,
    /// usually within a second or two, once per process); the stop then measures them in a few milliseconds.
    /// A session that stops before they are warm keeps the start's figures.
    /// </summary>
    public bool CalibrateAtStop { get; init; } = true;

    /// <summary>The shortest session that calibrates again at its stop (default 1 s, on the probes' clock).</summary>
    public TimeSpan CalibrateAtStopAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Time a probe one call in N when it is both very short and very hot (default true; needs
    /// <see cref="Calibrate"/>): call counts stay exact, times become scaled estimates with their error.
    /// <c>EDM_PROFILING_ADAPTIVE=0</c> turns it off for a run; <c>[Profile(Sampling = false)]</c> for a method.
    /// </summary>
    public bool AdaptiveTiming { get; init; } = true;

    /// <summary>The probe cost per call, in nanoseconds amortised, that adaptive timing keeps a sampled probe under (default 5).</summary>
    public double AdaptiveTimingBudgetNs { get; init; } = 5.0;

    /// <summary>
    /// Write the session in intervals of this length while it runs (a rolling session, for services that do
    /// not end): each interval file holds the calls completed in it, a call still running at a cut counts in
    /// the interval it completes in, and the last interval is written when the session stops. Needs
    /// <see cref="IntervalOutput"/>; null (default) writes nothing while running. <c>EDM_PROFILING_FLUSH_INTERVAL</c>
    /// sets it in process mode. Zero or less is not an interval: the session then gets a warning and writes none.
    /// </summary>
    public TimeSpan? FlushInterval { get; init; }

    /// <summary>
    /// With <see cref="FlushInterval"/>, keep at most this many interval files of the run, deleting the oldest
    /// (default 0: keep all). <c>EDM_PROFILING_MAX_FILES</c> sets it in process mode.
    /// </summary>
    public int MaxFiles { get; init; }

    /// <summary>
    /// Where interval files go: a folder (files <c>&lt;name&gt;-&lt;start&gt;-&lt;pid&gt;-000001.json</c>, …) or a
    /// path ending in <c>.json</c> (<c>run-000001.json</c>, …). Process mode sets it to <c>EDM_PROFILING_OUTPUT</c>.
    /// </summary>
    public string? IntervalOutput { get; init; }

    /// <summary>
    /// Options from the environment (<see cref="ProfilingSwitches"/>): <c>EDM_PROFILING_TIMELINE</c>,
    /// <c>EDM_PROFILING_RESERVOIR</c>, <c>EDM_PROFILING_CPU_SAMPLE</c>, <c>EDM_PROFILING_ADAPTIVE</c>, <c>EDM_PROFILING_HEAP_INTERVAL</c>,
    /// <c>EDM_PROFILING_SAMPLING_DUTY</c>, <c>EDM_PROFILING_SAMPLING_WINDOW</c>, <c>EDM_PROFILING_FLUSH_INTERVAL</c>, <c>EDM_PROFILING_MAX_FILES</c>, and <c>EDM_PROFILING_BACKENDS</c>
    /// (added to the defaults' backends), over the given defaults.
    /// </summary>
    public static SessionOptions FromEnvironment(SessionOptions? defaults = null)
    {
        SessionOptions options = defaults ?? new SessionOptions();
        if (ProfilingSwitches.Read(ProfilingSwitches.TimelineVariable) is { } timeline)
        {
            options = options with { RecordTimeline = ProfilingSwitches.IsOn(timeline) };
        }

        if (ProfilingSwitches.ParseCount(ProfilingSwitches.Read(ProfilingSwitches.ReservoirVariable)) is { } reservoir)
        {
            options = options with { SampleReservoirSize = reservoir };
        }

        if (ProfilingSwitches.Read(ProfilingSwitches.AdaptiveVariable) is { } adaptive)
        {
            options = options with { AdaptiveTiming = !ProfilingSwitches.IsOff(adaptive) };
        }

        if (ProfilingSwitches.ParseCount(ProfilingSwitches.Read(ProfilingSwitches.CpuSampleVariable)) is { } interval and > 0)
        {
            options = options with { CpuSampleInterval = interval };
        }

        if (ProfilingSwitches.ParseCount(ProfilingSwitches.Read(ProfilingSwitches.HeapIntervalVariable)) is { } heapMs and > 0)
        {
            options = options with { HeapSeriesInterval = TimeSpan.FromMilliseconds(heapMs) };
        }

        if (ProfilingSwitches.ParseDuty(ProfilingSwitches.Read(ProfilingSwitches.SamplingDutyVariable)) is { } duty)
        {
            options = options with { SamplingDuty = duty };
        }

        if (ProfilingSwitches.ParseDuration(ProfilingSwitches.Read(ProfilingSwitches.SamplingWindowVariable)) is { } window && window > TimeSpan.Zero)
        {
            options = options with { SamplingWindow = window };
        }

        if (ProfilingSwitches.ReadFlushInterval(out _) is { } flushInterval)
        {
            options = options with { FlushInterval = flushInterval };
        }

        if (ProfilingSwitches.ParseCount(ProfilingSwitches.Read(ProfilingSwitches.MaxFilesVariable)) is { } maxFiles)
        {
            options = options with { MaxFiles = maxFiles };
        }

        if (ProfilingSwitches.Read(ProfilingSwitches.BackendsVariable) is { } backends)
        {
            options = options with { Backends = ProfilerBackends.ParseList(string.Join(",", [.. options.Backends, backends])) };
        }

        return options;
    }
}
