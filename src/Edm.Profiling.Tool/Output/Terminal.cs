using Spectre.Console;

namespace Edm.Profiling.Tool.Output;

/// <summary>
/// Whether a person watches standard error, and a Spectre.Console console drawing there. Live widgets
/// (progress bars) and colours go only to a terminal: a log, a pipe or a test capturing the output
/// gets plain lines and no escape sequence.
/// </summary>
internal static class Terminal
{
    /// <summary>True when standard error is a terminal.</summary>
    internal static bool IsErrorTerminal => !Console.IsErrorRedirected;

    /// <summary>A console on standard error that draws as the terminal allows.</summary>
    internal static IAnsiConsole StandardError() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Interactive = IsErrorTerminal ? InteractionSupport.Yes : InteractionSupport.No,
    });
}
