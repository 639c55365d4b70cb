using System.CommandLine;
using Edm.Profiling.Analysis.Reporting;

namespace Edm.Profiling.CommandLine.Parsing;

/// <summary>The options <c>UseProfiling</c> adds to every command, and the wrapper command if any.</summary>
internal sealed class ProfilingSymbols
{
    private const string LightweightAlias = "--profile=lightweight";
    private const string DetailedAlias = "--profile=detailed";

    internal ProfilingSymbols()
    {
        // The layer forms are aliases of their own: System.CommandLine matches a whole known word
        // before it splits "--name=value", so "--profile" stays a flag that never takes the next word
        // ("edm analyze --profile a.wav" leaves a.wav to the command).
        Profile = new Option<bool>("--profile", LightweightAlias, DetailedAlias)
        {
            Description = "Profile this command: a session, and a report after its output. =lightweight times only; =detailed (the default) records what each [Profile] asks for",
            Arity = ArgumentArity.Zero,
            Recursive = true,
        };
        Output = new Option<string>("--profile-out")
        {
            Description = "Session file to write (other report files go beside it); implies --profile",
            HelpName = "path",
            Recursive = true,
        };
        Formats = new Option<string[]>("--profile-format")
        {
            Description = $"Also write this report beside the session: {string.Join(", ", ReportFormats.Names)} (repeatable); implies --profile",
            HelpName = "format",
            Arity = ArgumentArity.OneOrMore,
            Recursive = true,
        };
        Baseline = new Option<string>("--profile-baseline")
        {
            Description = "Compare the session with this baseline or session file and print the verdict; implies --profile",
            HelpName = "file",
            Recursive = true,
        };
        Backends = new Option<string[]>("--profile-backends")
        {
            Description = "Backends to run besides the probes: cpu-sampling (EventPipe stacks inside and between the probes), allocation-sampling (allocations by type, site and probe), gc (collections and the heap over time); comma-separated or repeated; implies --profile",
            HelpName = "name",
            Arity = ArgumentArity.OneOrMore,
            Recursive = true,
        };
        FlushInterval = new Option<string>("--profile-flush-interval")
        {
            Description = "Also write the session in intervals of this length while the command runs (30s, 5m, 00:00:30), as EDM_PROFILING_FLUSH_INTERVAL does in process mode; implies --profile",
            HelpName = "duration",
            Recursive = true,
        };
        MaxFiles = new Option<int?>("--profile-max-files")
        {
            Description = "With --profile-flush-interval, keep at most this many interval files, deleting the oldest (EDM_PROFILING_MAX_FILES); implies --profile",
            HelpName = "count",
            Recursive = true,
        };
        FailOnRegression = new Option<bool>("--profile-fail-on-regression")
        {
            Description = "Exit with a non-zero code when the run regressed against --profile-baseline",
            Recursive = true,
        };
    }

    /// <summary><c>--profile[=lightweight|detailed]</c>.</summary>
    internal Option<bool> Profile { get; }

    /// <summary><c>--profile-out &lt;path&gt;</c>.</summary>
    internal Option<string> Output { get; }

    /// <summary><c>--profile-format &lt;format&gt;</c>, repeatable.</summary>
    internal Option<string[]> Formats { get; }

    /// <summary><c>--profile-baseline &lt;file&gt;</c>.</summary>
    internal Option<string> Baseline { get; }

    /// <summary><c>--profile-backends &lt;name&gt;</c>, repeatable.</summary>
    internal Option<string[]> Backends { get; }

    /// <summary><c>--profile-flush-interval &lt;duration&gt;</c>.</summary>
    internal Option<string> FlushInterval { get; }

    /// <summary><c>--profile-max-files &lt;count&gt;</c>.</summary>
    internal Option<int?> MaxFiles { get; }

    /// <summary><c>--profile-fail-on-regression</c>.</summary>
    internal Option<bool> FailOnRegression { get; }

    /// <summary>The <c>profile &lt;command&gt;</c> wrapper, when one was added.</summary>
    internal Command? ProfileCommand { get; set; }

    internal IEnumerable<Option> All => [Profile, Output, Formats, Baseline, Backends, FlushInterval, MaxFiles, FailOnRegression];

    /// <summary>The layer the <c>--profile</c> form asked for: <see cref="Layer.Detailed"/> unless it was <c>--profile=lightweight</c>.</summary>
    internal Layer LayerOf(ParseResult parseResult) =>
        parseResult.GetResult(Profile)?.IdentifierToken?.Value == LightweightAlias ? Layer.Lightweight : Layer.Detailed;
}
