using System.CommandLine;
using System.Globalization;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;
using Edm.Profiling.Tool.Running;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof run [options] -- &lt;command&gt; [args…]</c>: runs a program built with
/// <c>-p:EdmProfiling=true</c> in process mode, passes its input, output and exit code through
/// untouched, then prints the profile on standard error and writes the session (and the requested
/// formats) in the output folder.
/// </summary>
internal static class RunCommand
{
    /// <summary>Where sessions go unless <c>--out</c> says otherwise: a folder in the current one, kept out of git by the repository's .gitignore.</summary>
    internal const string DefaultFolder = ".edm";

    private sealed record Settings(
        IReadOnlyList<string> CommandLine,
        string Folder,
        Layer? Layer,
        bool Timeline,
        IReadOnlyList<ReportFormat> Formats,
        string? Name,
        int? Reservoir,
        bool Quiet);

    internal static Command Create()
    {
        Option<Layer?> layer = LayerOption.Create();
        var folder = new Option<string>("--out", "-o")
        {
            Description = "Folder for the session and the report files",
            HelpName = "dir",
            DefaultValueFactory = _ => DefaultFolder,
        };
        var timeline = new Option<bool>("--timeline") { Description = "Record every enter and exit, for timelines in the speedscope and chrome formats" };
        Option<ReportFormat[]> formats = FormatOption.Repeatable("Also write these reports beside the session");
        var name = new Option<string?>("--name", "-n") { Description = "Name of the session and of its files [default: the program's entry assembly]", HelpName = "name" };
        var reservoir = new Option<int?>("--reservoir")
        {
            Description = "Call durations kept per method for comparisons [default: 1000]",
            HelpName = "count",
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size))
                {
                    return size;
                }

                result.AddError($"--reservoir: '{text}' is not a count; give a whole number, 0 or more");
                return null;
            },
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the files written, not the report" };
        var program = new Argument<string[]>("command")
        {
            Description = "The program and its arguments, after -- (e.g. -- dotnet bin/Release/net10.0/App.dll --its-option)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "run",
            "Run a program built with -p:EdmProfiling=true (edm-prof run [options] -- <command> [args...]): its input, output and exit code pass through; the profile goes to standard error, the session and reports to --out")
        {
            layer, folder, timeline, formats, name, reservoir, quiet, program,
        };
        command.SetAction(parse => Run(new Settings(
            parse.GetValue(program) ?? [],
            parse.GetValue(folder) ?? DefaultFolder,
            parse.GetValue(layer),
            parse.GetValue(timeline),
            parse.GetValue(formats) ?? [],
            parse.GetValue(name),
            parse.GetValue(reservoir),
            parse.GetValue(quiet))));
        return command;
    }

    private static int Run(Settings settings)
    {
        // Checked before the program runs: a bad --out must not cost a run.
        string folder = Path.GetFullPath(settings.Folder);
        if (File.Exists(folder))
        {
            throw new InputException($"{settings.Folder}: is a file; --out takes a folder");
        }

        Directory.CreateDirectory(folder);
        string pending = SessionFiles.PendingPath(folder);
        int exitCode;
        try
        {
            exitCode = ProfiledProgram.Run(
                settings.CommandLine,
                ProfilingEnvironment.For(pending, settings.Layer, settings.Timeline, settings.Name, settings.Reservoir));
        }
        catch (ProgramStartException e)
        {
            EdmProf.ReportError(e.Message);
            return e.ExitCode;
        }

        // The program's exit code wins; edm-prof's own failure afterwards shows as 2 only when the program succeeded.
        try
        {
            Report(settings, folder, pending, exitCode);
            return exitCode;
        }
        catch (Exception e) when (EdmProf.IsUserError(e))
        {
            EdmProf.ReportError(EdmProf.MessageOf(e));
            return exitCode != 0 ? exitCode : ExitCodes.BadInput;
        }
    }

    private static void Report(Settings settings, string folder, string pending, int exitCode)
    {
        if (!File.Exists(pending))
        {
            EdmProf.ReportError(NoSession(settings.CommandLine, exitCode));
            return;
        }

        SessionReport session = SessionJson.ReadFile(pending);
        ReportFormat[] reports = [.. settings.Formats.Where(f => f != ReportFormat.Json)];
        string sessionPath = SessionFiles.Keep(pending, session, folder, reports);
        ReportContent content = ReportContent.Of(session);
        if (!settings.Quiet)
        {
            // Standard error, so that the program's standard output stays exactly the program's.
            var console = new ConsoleReportWriter();
            if (Terminal.IsErrorTerminal)
            {
                console.Render(content, Terminal.StandardError());
            }
            else
            {
                console.Write(content, Console.Error);
            }

            Console.Error.WriteLine();
        }

        Console.Error.WriteLine($"session: {Shown(settings.Folder, sessionPath)}");
        foreach (ReportFormat format in reports)
        {
            string path = SessionFiles.ReportPath(sessionPath, format);
            ReportWriters.For(format).WriteFile(content, path);
            Console.Error.WriteLine($"wrote {Shown(settings.Folder, path)}");
        }
    }

    /// <summary>Why there is no session, and what to do about it.</summary>
    private static string NoSession(IReadOnlyList<string> commandLine, int exitCode)
    {
        if (ProfilingEnvironment.SwitchedOff() is { } off)
        {
            return $"no session: {ProfilingEnvironment.Enabled}={off} in the environment switches profiling off; unset it to profile";
        }

        // .NET writes the session when the process exits normally; a signal that ends it (Ctrl+C, SIGTERM) skips that.
        if (!OperatingSystem.IsWindows() && exitCode is > 128 and < 160)
        {
            int signal = exitCode - 128;
            string name = signal switch { 1 => " (SIGHUP)", 2 => " (SIGINT)", 3 => " (SIGQUIT)", 6 => " (SIGABRT)", 9 => " (SIGKILL)", 15 => " (SIGTERM)", _ => "" };
            return $"no session: {Describe(commandLine)} was ended by signal {signal}{name} (exit code {exitCode}) before it could write one; a session is written when the program exits by itself";
        }

        return $"no session: {Describe(commandLine)} ran no profiled method or scope; build it with -p:EdmProfiling=true (and [Profile] on methods) to profile it";
    }

    /// <summary>A path as the user would write it: the folder they gave, then the file name.</summary>
    private static string Shown(string folder, string path) => Path.Combine(folder, Path.GetFileName(path));

    private static string Describe(IReadOnlyList<string> commandLine)
    {
        string text = DisplayText.Of(string.Join(' ', commandLine));
        return text.Length <= 60 ? $"'{text}'" : $"'{text[..59]}…'";
    }
}
