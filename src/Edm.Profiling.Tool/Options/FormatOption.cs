using System.CommandLine;
using System.CommandLine.Parsing;
using Edm.Profiling.Analysis.Reporting;

namespace Edm.Profiling.Tool.Options;

/// <summary><c>--format</c>: a report format by name (<see cref="ReportFormats.Names"/>), once or repeated.</summary>
internal static class FormatOption
{
    /// <summary>One format, from <paramref name="allowed"/> (all formats by default); null when not given.</summary>
    internal static Option<ReportFormat?> Single(string description, IReadOnlyList<ReportFormat>? allowed = null)
    {
        allowed ??= AllFormats;
        return new Option<ReportFormat?>("--format", "-f")
        {
            Description = $"{description}: {Names(allowed)}",
            HelpName = "format",
            CustomParser = result => result.Tokens.Count == 0 ? null : Parse(result, result.Tokens[0].Value, allowed),
        };
    }

    /// <summary>Formats given as <c>--format a --format b</c> or <c>--format a,b</c>.</summary>
    internal static Option<ReportFormat[]> Repeatable(string description) => new("--format", "-f")
    {
        Description = $"{description}: {Names(AllFormats)} (repeat the option or separate with commas)",
        HelpName = "format",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => [.. result.Tokens
            .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(name => Parse(result, name, AllFormats))
            .Distinct()],
    };

    /// <summary>The format a file name's ending stands for (<c>.html</c>, <c>.speedscope.json</c>, …), or null.</summary>
    internal static ReportFormat? FromFileName(string path)
    {
        // Longest endings first: ".speedscope.json" and ".trace.json" before ".json".
        foreach (ReportFormat format in AllFormats.OrderByDescending(f => f.FileExtension().Length))
        {
            if (path.EndsWith(format.FileExtension(), StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        return path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) ? ReportFormat.Html : null;
    }

    private static IReadOnlyList<ReportFormat> AllFormats { get; } = Enum.GetValues<ReportFormat>();

    private static ReportFormat Parse(ArgumentResult result, string name, IReadOnlyList<ReportFormat> allowed)
    {
        if (ReportFormats.TryParse(name, out ReportFormat format) && allowed.Contains(format))
        {
            return format;
        }

        result.AddError(ReportFormats.TryParse(name, out _)
            ? $"--format: this command does not write {name}; use one of {Names(allowed)}"
            : $"--format: '{name}' is not a report format; use one of {Names(allowed)}");
        return default;
    }

    private static string Names(IReadOnlyList<ReportFormat> formats) => string.Join(", ", formats.Select(f => f.Name()));
}
