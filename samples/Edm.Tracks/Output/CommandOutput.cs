using System.CommandLine;
using Spectre.Console;

namespace Edm.Tracks.Output;

/// <summary>
/// Where a command writes: the invocation's output and error writers, and whether the output is a
/// terminal a person watches (then tables and progress bars are drawn by Spectre.Console; when
/// output is redirected or captured, plain text that scripts can read).
/// </summary>
public sealed class CommandOutput(TextWriter output, TextWriter error, bool isInteractive)
{
    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Whether output goes to a terminal that can draw live widgets.</summary>
    public bool IsInteractive { get; } = isInteractive;

    /// <summary>The writers of a parsed command line; interactive only for the real, unredirected console.</summary>
    public static CommandOutput From(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        InvocationConfiguration configuration = parseResult.InvocationConfiguration;
        bool interactive = ReferenceEquals(configuration.Output, Console.Out)
            && !Console.IsOutputRedirected
            && AnsiConsole.Profile.Capabilities.Interactive;
        return new CommandOutput(configuration.Output, configuration.Error, interactive);
    }

    /// <summary>Writes one line on standard error: <c>edm: message</c>.</summary>
    public void ReportError(string message) => Error.WriteLine($"edm: {message}");
}
