using System.CommandLine;
using System.Globalization;
using Edm.Profiling.Analysis;
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
        bool Quiet,
        int Runs,
        bool Sample,
        bool KeepTrace);

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
            Description = $"Call durations kept per method for comparisons [default: {SessionOptions.ComparisonReservoirSize}]",
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
        var runs = new Option<int>("--runs")
        {
            Description = "Run the program this many times and also write the sessions merged into one baseline file (<session>.baseline.json), whose between-run spread comparisons allow for [default: 1]",
            HelpName = "count",
            DefaultValueFactory = _ => 1,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1)
                {
                    return count;
                }

                result.AddError($"--runs: '{text}' is not a count; give a whole number, 1 or more");
                return 1;
            },
        };
        var sample = new Option<bool>("--sample")
        {
            Description = "Also sample the program's CPU stacks and allocations from outside (EventPipe, as dotnet-trace does): the frames inside and between the probes, and what they allocate, in the session and its reports",
        };
        var keepTrace = new Option<bool>("--keep-trace")
        {
            Description = "With --sample (implied), keep the raw .nettrace beside the session, for PerfView and dotnet-trace",
        };
        var program = new Argument<string[]>("command")
        {
            Description = "The program and its arguments, after -- (e.g. -- dotnet bin/Release/net10.0/App.dll --its-option)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "run",
            "Run a program built with -p:EdmProfiling=true (edm-prof run [options] -- <command> [args...]): its input, output and exit code pass through; the profile goes to standard error, the session and reports to --out")
        {
            layer, folder, timeline, formats, name, reservoir, quiet, runs, sample, keepTrace, program,
        };
        command.SetAction(parse => Run(new Settings(
            parse.GetValue(program) ?? [],
            parse.GetValue(folder) ?? DefaultFolder,
            parse.GetValue(layer),
            parse.GetValue(timeline),
            parse.GetValue(formats) ?? [],
            parse.GetValue(name),
            parse.GetValue(reservoir),
            parse.GetValue(quiet),
            parse.GetValue(runs),
            parse.GetValue(sample) || parse.GetValue(keepTrace),
            parse.GetValue(keepTrace))));
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
        if (settings.Runs > 1)
        {
            return RunMany(settings, folder);
        }

        string pending = SessionFiles.PendingPath(folder);
        if (!TryRunProfiled(settings, pending, out int exitCode, out string? trace))
        {
            return exitCode;
        }

        // The program's exit code wins; edm-prof's own failure afterwards shows as 2 only when the program succeeded.
        try
        {
            Report(settings, folder, pending, exitCode, trace);
            return exitCode;
        }
        catch (Exception e) when (EdmProf.IsUserError(e))
        {
            EdmProf.ReportError(EdmProf.MessageOf(e));
            return exitCode != 0 ? exitCode : ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// Runs the program once with its session going to <paramref name="pending"/>. False when it could not
    /// be started: the error is printed and <paramref name="exitCode"/> is edm-prof's own.
    /// </summary>
    /// <remarks>
    /// With <c>--sample</c>, <paramref name="trace"/> is the raw trace of the run (kept only with
    /// <c>--keep-trace</c>; deleted here otherwise), and the session already carries the samples.
    /// </remarks>
    private static bool TryRunProfiled(Settings settings, string pending, out int exitCode, out string? trace)
    {
        trace = null;
        Dictionary<string, string> environment = ProfilingEnvironment.For(pending, settings.Layer, settings.Timeline, settings.Name, settings.Reservoir);
        OutOfProcessSampling? sampling = settings.Sample ? new OutOfProcessSampling(pending, ProgramEnvironment(environment)) : null;
        try
        {
            exitCode = ProfiledProgram.Run(settings.CommandLine, environment, sampling is null ? null : sampling.Attach);
        }
        catch (ProgramStartException e)
        {
            EdmProf.ReportError(e.Message);
            exitCode = e.ExitCode;
            return false;
        }

        if (sampling is not null)
        {
            trace = sampling.Finish();
            if (trace is not null && !settings.KeepTrace)
            {
                File.Delete(trace);
                trace = null;
            }
        }

        return true;
    }

    /// <summary>The environment the program runs with: edm-prof's own, with the profiling variables over it.</summary>
    private static Dictionary<string, string?> ProgramEnvironment(Dictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string;
        }

        foreach ((string name, string value) in overrides)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Renames a kept trace after the session it belongs to (<c>&lt;session&gt;.nettrace</c>) and says so.</summary>
    private static void KeepTrace(Settings settings, string? trace, string sessionPath)
    {
        if (trace is null || !File.Exists(trace))
        {
            return;
        }

        string kept = Path.ChangeExtension(sessionPath, ".nettrace");
        File.Move(trace, kept, overwrite: false);
        Console.Error.WriteLine($"trace: {Shown(settings.Folder, kept)} (open it with PerfView, dotnet-trace convert, or speedscope)");
    }

    /// <summary>
    /// <c>--runs N</c>: the runs one after another, each session kept as a single run keeps it, then
    /// all merged into <c>&lt;first session&gt;.baseline.json</c> beside them and its report printed. A
    /// run that fails or writes no session stops the rest; the sessions written so far stay.
    /// </summary>
    private static int RunMany(Settings settings, string folder)
    {
        var sessions = new List<string>(settings.Runs);
        for (int run = 1; run <= settings.Runs; run++)
        {
            string pending = SessionFiles.PendingPath(folder);
            if (!TryRunProfiled(settings, pending, out int exitCode, out string? trace))
            {
                return exitCode;
            }

            string kept = sessions.Count == 0 ? "" : $"; the {sessions.Count} session{(sessions.Count == 1 ? "" : "s")} written so far are in {settings.Folder}";
            if (exitCode != 0 || !File.Exists(pending))
            {
                File.Delete(pending);
                EdmProf.ReportError(exitCode != 0
                    ? $"run {run} of {settings.Runs} exited with code {exitCode}; stopped{kept}"
                    : $"run {run} of {settings.Runs}: {NoSession(settings.CommandLine, exitCode)}; stopped{kept}");
                return exitCode != 0 ? exitCode : ExitCodes.BadInput;
            }

            SessionReport session = SessionJson.ReadFile(pending);
            sessions.Add(SessionFiles.Keep(pending, session, folder, []));
            KeepTrace(settings, trace, sessions[^1]);
            Console.Error.WriteLine($"run {run} of {settings.Runs}: session {Shown(settings.Folder, sessions[^1])}");
        }

        Baseline baseline = Baseline.FromSessionFiles(Path.GetFileNameWithoutExtension(sessions[0]), sessions);
        string baselinePath = string.Concat(sessions[0].AsSpan(0, sessions[0].Length - ".json".Length), ".baseline.json");
        BaselineJson.WriteFile(baseline, baselinePath);
        WriteReports(settings, baseline.ToSessionReport(), baselinePath, $"baseline of {settings.Runs} runs: {Shown(settings.Folder, baselinePath)} (compare with it directly, or store it: edm-prof baseline save <name> <the sessions>)");
        return ExitCodes.Success;
    }

    private static void Report(Settings settings, string folder, string pending, int exitCode, string? trace)
    {
        if (!File.Exists(pending))
        {
            if (trace is not null)
            {
                File.Delete(trace);
            }

            EdmProf.ReportError(NoSession(settings.CommandLine, exitCode));
            return;
        }

        SessionReport session = SessionJson.ReadFile(pending);
        ReportFormat[] reports = [.. settings.Formats.Where(f => f != ReportFormat.Json)];
        string sessionPath = SessionFiles.Keep(pending, session, folder, reports);
        KeepTrace(settings, trace, sessionPath);
        WriteReports(settings, session, sessionPath, $"session: {Shown(settings.Folder, sessionPath)}");
    }

    /// <summary>Prints the report on standard error (unless quiet) and writes the asked formats beside <paramref name="path"/>.</summary>
    private static void WriteReports(Settings settings, SessionReport session, string path, string headline)
    {
        ReportFormat[] reports = [.. settings.Formats.Where(f => f != ReportFormat.Json)];
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

        Console.Error.WriteLine(headline);
        foreach (ReportFormat format in reports)
        {
            string reportPath = SessionFiles.ReportPath(path, format);
            ReportWriters.For(format).WriteFile(content, reportPath);
            Console.Error.WriteLine($"wrote {Shown(settings.Folder, reportPath)}");
        }
    }

    /// <summary>Why there is no session, and what to do about it.</summary>
    private static string NoSession(IReadOnlyList<string> commandLine, int exitCode)
    {
        if (ProfilingEnvironment.SwitchedOff() is { } off)
        {
            return $"no session: {ProfilingSwitches.EnabledVariable}={off} in the environment switches profiling off; unset it to profile";
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
