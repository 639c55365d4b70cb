using Edm.Profiling.Analysis.Reporting;
using Spectre.Console;

namespace Edm.Profiling.CommandLine.Running;

/// <summary>
/// Prints reports on the invocation's error writer: drawn with Spectre.Console when that is the
/// process's standard error on a terminal, plain aligned text otherwise (a pipe, a log, a test).
/// </summary>
/// <remarks>
/// Standard error, not standard output, so a command's own output stays clean for pipes
/// (<c>edm analyze a.wav --json --profile | jq</c>) while the report still shows on the terminal.
/// </remarks>
internal sealed class ConsoleReport(TextWriter error, ReportOptions options)
{
    private readonly ConsoleReportWriter _writer = new(options);

    internal TextWriter Error { get; } = error;

    internal void Print(ReportContent content)
    {
        if (ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected)
        {
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            _writer.Render(content, console);
        }
        else
        {
            _writer.Write(content, Error);
        }
    }

    /// <summary>One line of its own, prefixed so it is clear it comes from profiling, not the command.</summary>
    internal void Line(string message) => Error.WriteLine($"profiling: {message}");
}
