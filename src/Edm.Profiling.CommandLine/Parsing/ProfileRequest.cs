using System.CommandLine;
using System.CommandLine.Parsing;
using Edm.Profiling.Analysis.Reporting;

namespace Edm.Profiling.CommandLine.Parsing;

/// <summary>What a command line asked of profiling, read from its parse result.</summary>
/// <param name="SessionName">The command profiled, e.g. <c>edm evaluate</c> (the wrapper's name left out).</param>
/// <param name="Layer">The session's layer cap.</param>
/// <param name="OutputPath">The session file asked for, or null for a new file in the default folder.</param>
/// <param name="Formats">Report files to write beside the session, without duplicates.</param>
/// <param name="BaselinePath">Baseline or session file to compare with, if any.</param>
/// <param name="FailOnRegression">Whether a regression changes the exit code.</param>
/// <param name="Backends">Backends asked for beyond the probes (<c>--profile-backends</c>), known ones only.</param>
internal sealed record ProfileRequest(
    string SessionName,
    Layer Layer,
    string? OutputPath,
    IReadOnlyList<ReportFormat> Formats,
    string? BaselinePath,
    bool FailOnRegression,
    IReadOnlyList<string> Backends)
{
    /// <summary>The interval of <c>--profile-flush-interval</c>, a positive duration, or null.</summary>
    internal TimeSpan? FlushInterval { get; init; }

    /// <summary>The cap of <c>--profile-max-files</c>, or null.</summary>
    internal int? MaxFiles { get; init; }

    /// <summary>Whether the timeline must be recorded: the evented exports draw it.</summary>
    internal bool NeedsTimeline => Formats.Contains(ReportFormat.Speedscope) || Formats.Contains(ReportFormat.Chrome);

    /// <summary>
    /// Reads the request. Returns false when profiling was not asked for (no profiling option given
    /// and not under the wrapper command); <paramref name="problem"/> is then null. Returns true with
    /// a one-line <paramref name="problem"/> when a value is bad.
    /// </summary>
    internal static bool TryRead(ParseResult parseResult, ProfilingSymbols symbols, out ProfileRequest? request, out string? problem)
    {
        request = null;
        problem = null;
        bool underWrapper = IsUnderWrapper(parseResult.CommandResult, symbols.ProfileCommand);
        bool anyOption = symbols.All.Any(option => parseResult.GetResult(option) is { Implicit: false });
        if (!underWrapper && !anyOption)
        {
            return false;
        }

        var formats = new List<ReportFormat>();
        foreach (string value in parseResult.GetValue(symbols.Formats) ?? [])
        {
            foreach (string name in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!ReportFormats.TryParse(name, out ReportFormat format))
                {
                    problem = $"--profile-format: '{name}' is not a report format; use {string.Join(", ", ReportFormats.Names)}";
                    return true;
                }

                if (!formats.Contains(format))
                {
                    formats.Add(format);
                }
            }
        }

        string? output = parseResult.GetValue(symbols.Output);
        if (output is not null && string.IsNullOrWhiteSpace(output))
        {
            problem = "--profile-out: the path is empty";
            return true;
        }

        string? baseline = parseResult.GetValue(symbols.Baseline);
        if (baseline is not null && string.IsNullOrWhiteSpace(baseline))
        {
            problem = "--profile-baseline: the path is empty";
            return true;
        }

        IReadOnlyList<string> backends = ProfilerBackends.ParseList(string.Join(",", parseResult.GetValue(symbols.Backends) ?? []));
        IReadOnlyList<string> known = ProfilerBackends.Known;
        if (backends.FirstOrDefault(b => !known.Contains(b, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            problem = $"--profile-backends: '{unknown}' is not a backend; use {string.Join(", ", known)}";
            return true;
        }

        TimeSpan? flushInterval = null;
        if (parseResult.GetValue(symbols.FlushInterval) is { } intervalText)
        {
            flushInterval = ProfilingSwitches.ParseDuration(intervalText);
            if (flushInterval is not { } positive || positive <= TimeSpan.Zero)
            {
                problem = $"--profile-flush-interval: '{intervalText}' is not a positive duration; use e.g. 30s, 5m or 00:00:30";
                return true;
            }
        }

        int? maxFiles = parseResult.GetValue(symbols.MaxFiles);
        if (maxFiles is < 0)
        {
            problem = $"--profile-max-files: {maxFiles} is negative; use a count, or 0 to keep every interval file";
            return true;
        }

        bool failOnRegression = parseResult.GetValue(symbols.FailOnRegression);
        if (failOnRegression && baseline is null)
        {
            problem = "--profile-fail-on-regression needs --profile-baseline <file> to compare with";
            return true;
        }

        request = new ProfileRequest(
            SessionNameOf(parseResult.CommandResult, symbols.ProfileCommand),
            symbols.LayerOf(parseResult),
            output,
            formats,
            baseline,
            failOnRegression,
            backends)
        {
            FlushInterval = flushInterval,
            MaxFiles = maxFiles,
        };
        return true;
    }

    private static bool IsUnderWrapper(CommandResult? result, Command? wrapper)
    {
        for (; wrapper is not null && result is not null; result = result.Parent as CommandResult)
        {
            if (ReferenceEquals(result.Command, wrapper))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>root sub subsub</c>, so <c>edm profile evaluate</c> and <c>edm --profile evaluate</c> name the same session.</summary>
    private static string SessionNameOf(CommandResult result, Command? wrapper)
    {
        var names = new List<string>();
        for (CommandResult? current = result; current is not null; current = current.Parent as CommandResult)
        {
            if (!ReferenceEquals(current.Command, wrapper))
            {
                names.Add(current.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
