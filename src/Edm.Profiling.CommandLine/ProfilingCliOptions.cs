using System.Reflection;
using Edm.Profiling.Analysis;
using Edm.Profiling.Analysis.Reporting;

namespace Edm.Profiling.CommandLine;

/// <summary>How <see cref="CommandLineProfiling.UseProfiling"/> sets up profiling for a command tree.</summary>
public sealed record ProfilingCliOptions
{
    /// <summary>Default of <see cref="OutputDirectory"/>.</summary>
    public const string DefaultOutputDirectory = ".edm/profiles";

    /// <summary>
    /// Name of the wrapper command (<c>profile &lt;command&gt; [args…]</c>); null adds no wrapper, only
    /// the <c>--profile</c> options.
    /// </summary>
    public string? ProfileCommandName { get; init; } = "profile";

    /// <summary>
    /// Folder, relative to the current directory, for sessions when <c>--profile-out</c> is not given
    /// (default <c>.edm/profiles</c>). Each run writes a new file named after the command, the time
    /// and the process id.
    /// </summary>
    public string OutputDirectory { get; init; } = DefaultOutputDirectory;

    /// <summary>
    /// Per-call durations each probe keeps (default <see cref="SessionOptions.ComparisonReservoirSize"/>, 1,000):
    /// the samples baselines and comparisons need. 0 keeps none; time verdicts are then Unknown.
    /// </summary>
    public int SampleReservoirSize { get; init; } = SessionOptions.ComparisonReservoirSize;

    /// <summary>
    /// The assembly whose build decides whether probes exist: when no method probe ran and this
    /// assembly carries no <c>Edm.Profiling.ProfiledType</c> marker (what a build with
    /// <c>-p:EdmProfiling=true</c> emits), <c>--profile</c> says the build has no probes. Null (the
    /// default) means the entry assembly.
    /// </summary>
    public Assembly? ApplicationAssembly { get; init; }

    /// <summary>Thresholds of the comparison with <c>--profile-baseline</c>.</summary>
    public ComparisonOptions Comparison { get; init; } = new();

    /// <summary>Row limits and other settings of the reports.</summary>
    public ReportOptions Reports { get; init; } = new();

    /// <summary>Exit code of a successful command that regressed under <c>--profile-fail-on-regression</c> (default 3).</summary>
    public int RegressionExitCode { get; init; } = ProfilingExitCodes.Regression;
}
