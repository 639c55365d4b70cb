using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Edm.Profiling.Analysis;
using Edm.Profiling.Tool.Commands;

namespace Edm.Profiling.Tool;

/// <summary>
/// The <c>edm-prof</c> command tree, and the one place errors become exit codes: a user error is one
/// line on standard error (<c>edm-prof: …</c>) and exit code 2, never a stack trace; anything else is
/// a bug, reported in one line with exit code 70.
/// </summary>
internal static partial class EdmProf
{
    internal const string Name = "edm-prof";

    /// <summary>Set to 1 to see the stack trace of an internal error.</summary>
    private const string DebugVariable = "EDM_PROF_DEBUG";

    internal static RootCommand Build() => new("edm-prof: profile programs built with -p:EdmProfiling=true, report sessions, keep baselines and judge regressions")
    {
        RunCommand.Create(),
        ReportCommand.Create(),
        CompareCommand.Create(),
        AbCommand.Create(),
        BaselineCommand.Create(),
        HistoryCommand.Create(),
        CalibrateCommand.Create(),
    };

    internal static int Run(string[] args)
    {
        // No response files: "@file" after "run --" belongs to the profiled program, not to us.
        ParseResult parse = Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction)
        {
            // An unknown word also makes the parser say a command is missing; the word is the news.
            IEnumerable<string> messages = parse.UnmatchedTokens.Count > 0
                ? parse.UnmatchedTokens.Select(t => $"unknown command, option or argument '{t}'")
                : parse.Errors.Select(e => OneLine(e.Message).TrimEnd('.'));
            string hint = parse.CommandResult.Command.Name == "run" && parse.UnmatchedTokens.Count > 0
                ? "; put the program and its arguments after --, e.g. edm-prof run -- dotnet App.dll --its-option"
                : "";
            ReportError($"{string.Join("; ", messages.Distinct(StringComparer.Ordinal))}{hint} (see '{CommandPath(parse.CommandResult)} --help')");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            ReportError(MessageOf(e));
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            ReportError($"internal error ({e.GetType().Name}: {OneLine(e.Message)}); this is a bug in edm-prof, please report it with the command line ({DebugVariable}=1 shows the stack trace)");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                Console.Error.WriteLine(e);
            }

            return ExitCodes.InternalError;
        }
    }

    /// <summary>Writes <c>edm-prof: message</c> on standard error, on one line.</summary>
    internal static void ReportError(string message) => Console.Error.WriteLine($"{Name}: {OneLine(message)}");

    /// <summary>Errors in what the user gave: files, values, names. Everything else is a bug.</summary>
    internal static bool IsUserError(Exception e) => e is AnalysisException or SessionFormatException or InputException
        or IOException or UnauthorizedAccessException
        or (ArgumentException and not ArgumentNullException and not ArgumentOutOfRangeException);

    /// <summary>The message of a user error, without the parameter name .NET appends to argument exceptions.</summary>
    internal static string MessageOf(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            string suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }
        }

        return OneLine(message);
    }

    /// <summary>Collapses line breaks and runs of spaces, so a message is always one line.</summary>
    internal static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>The command line that reaches the command that failed, e.g. <c>edm-prof baseline save</c>.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (CommandResult? at = result; at is not null; at = at.Parent as CommandResult)
        {
            names.Add(at.Command is RootCommand ? Name : at.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
