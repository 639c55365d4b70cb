using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Tool.Options;

namespace Edm.Profiling.Tool.Output;

/// <summary>Writes a report to a file (atomically) or to standard output, in the format asked for or the one the file name implies.</summary>
internal static class ReportOutput
{
    /// <summary>The format given; else the one the <c>--out</c> file name ends with (<c>.html</c>, <c>.md</c>, …); else console.</summary>
    internal static ReportFormat Choose(ReportFormat? given, string? outPath) =>
        given ?? (outPath is null ? null : FormatOption.FromFileName(outPath)) ?? ReportFormat.Console;

    /// <summary>Refuses an output path that is a folder before any work is done, so nothing is half-written.</summary>
    internal static void CheckFile(string? outPath)
    {
        if (outPath is not null && Directory.Exists(outPath))
        {
            throw new InputException($"{outPath}: is a directory; --out takes a file name");
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> as <paramref name="format"/> to <paramref name="outPath"/>, or to
    /// standard output when it is null (the console format drawn rich on a terminal, plain when redirected).
    /// </summary>
    internal static void Write(ReportContent content, ReportFormat format, string? outPath, ReportOptions? options = null)
    {
        IReportWriter writer = ReportWriters.For(format, options);
        if (outPath is null && format.IsBinary() && !Console.IsOutputRedirected)
        {
            throw new InputException($"{format.Name()} is a binary format: give --out FILE, or redirect standard output to a file");
        }

        if (outPath is not null)
        {
            CheckFile(outPath);
            writer.WriteFile(content, outPath);
            Console.Error.WriteLine($"wrote {outPath}");
        }
        else if (writer is ConsoleReportWriter console)
        {
            console.WriteToConsole(content);
        }
        else
        {
            using Stream stdout = Console.OpenStandardOutput();
            writer.Write(content, stdout);
        }
    }
}
