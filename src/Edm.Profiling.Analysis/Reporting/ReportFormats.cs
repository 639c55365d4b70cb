namespace Edm.Profiling.Analysis.Reporting;

/// <summary>The names a command line uses for each <see cref="ReportFormat"/>, and the file extension of each.</summary>
public static class ReportFormats
{
    /// <summary>The names, in the order a help text lists them: <c>console json md html speedscope chrome folded pprof</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["console", "json", "md", "html", "speedscope", "chrome", "folded", "pprof"];

    /// <summary>Reads a format name (case-insensitive); <c>markdown</c> and <c>perfetto</c> are accepted as aliases.</summary>
    public static bool TryParse(string? name, out ReportFormat format)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "CONSOLE":
                format = ReportFormat.Console;
                return true;
            case "JSON":
                format = ReportFormat.Json;
                return true;
            case "MD" or "MARKDOWN":
                format = ReportFormat.Markdown;
                return true;
            case "HTML":
                format = ReportFormat.Html;
                return true;
            case "SPEEDSCOPE":
                format = ReportFormat.Speedscope;
                return true;
            case "CHROME" or "PERFETTO":
                format = ReportFormat.Chrome;
                return true;
            case "FOLDED":
                format = ReportFormat.Folded;
                return true;
            case "PPROF":
                format = ReportFormat.Pprof;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>The name of a format as <see cref="Names"/> lists it.</summary>
    public static string Name(this ReportFormat format) => Names[(int)format];

    /// <summary>Whether the format is binary (pprof): written to a file or a stream, never as text or to a terminal.</summary>
    public static bool IsBinary(this ReportFormat format) => format == ReportFormat.Pprof;

    /// <summary>
    /// The file name ending for a format, e.g. <c>.speedscope.json</c> or <c>.pb.gz</c>: the endings viewers recognise
    /// (speedscope and Perfetto open any JSON; the double endings tell the files apart in a folder).
    /// </summary>
    public static string FileExtension(this ReportFormat format) => format switch
    {
        ReportFormat.Console => ".txt",
        ReportFormat.Json => ".json",
        ReportFormat.Markdown => ".md",
        ReportFormat.Html => ".html",
        ReportFormat.Speedscope => ".speedscope.json",
        ReportFormat.Chrome => ".trace.json",
        ReportFormat.Folded => ".folded",
        ReportFormat.Pprof => ".pb.gz",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown report format"),
    };
}
