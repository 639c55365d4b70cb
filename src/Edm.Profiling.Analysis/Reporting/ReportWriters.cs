namespace Edm.Profiling.Analysis.Reporting;

/// <summary>Picks the writer of a format, and writes reports to files atomically.</summary>
public static class ReportWriters
{
    /// <summary>The writer of <paramref name="format"/>.</summary>
    public static IReportWriter For(ReportFormat format, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        return format switch
        {
            ReportFormat.Console => new ConsoleReportWriter(options),
            ReportFormat.Json => new JsonReportWriter(),
            ReportFormat.Markdown => new MarkdownReportWriter(options),
            ReportFormat.Html => new HtmlReportWriter(options),
            ReportFormat.Speedscope => new SpeedscopeWriter(),
            ReportFormat.Chrome => new ChromeTraceWriter(),
            ReportFormat.Folded => new FoldedStackWriter(options.FoldedValue),
            ReportFormat.Pprof => new PprofWriter(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown report format"),
        };
    }

    /// <summary>The writer of the format named <paramref name="name"/> (see <see cref="ReportFormats.Names"/>).</summary>
    /// <exception cref="ArgumentException">The name is not a format.</exception>
    public static IReportWriter For(string name, ReportOptions? options = null) =>
        ReportFormats.TryParse(name, out ReportFormat format)
            ? For(format, options)
            : throw new ArgumentException($"'{name}' is not a report format; use one of {string.Join(", ", ReportFormats.Names)}.", nameof(name));

    /// <summary>The report as a string.</summary>
    /// <exception cref="NotSupportedException">The format is binary (<see cref="ReportFormats.IsBinary"/>).</exception>
    public static string WriteToString(this IReportWriter writer, ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        writer.Write(content, text);
        return text.ToString();
    }

    /// <summary>
    /// Writes the report to <paramref name="path"/> (text as UTF-8 without a byte-order mark), atomically:
    /// the file is the old one or the whole new one, never a part, even if writing fails half-way.
    /// </summary>
    public static void WriteFile(this IReportWriter writer, ReportContent content, string path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(content);
        AtomicFile.Write(path, stream => writer.Write(content, stream));
    }
}
