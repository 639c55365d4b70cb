using System.CommandLine;
using System.Globalization;
using Edm.Profiling.Analysis;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;
using Edm.Profiling.Tool.Running;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof ab -a '&lt;command A&gt;' -b '&lt;command B&gt;' [--runs N] [--warmup K]</c>, or
/// <c>edm-prof ab --git &lt;base-ref&gt; [--build '&lt;command&gt;'] -- &lt;command&gt; [args…]</c>:
/// runs A and B interleaved on this machine, each run profiled, pairs the runs and judges B against A
/// per method with paired statistics (docs/edm-prof.md, "ab"). Exit codes as for <c>compare</c>.
/// </summary>
internal static class AbCommand
{
    /// <summary>What a shell gives a program ended by Ctrl+C (128 + SIGINT).</summary>
    private const int Interrupted = 130;

    /// <summary>Builds with probes. The build also gets EdmProfiling=true in its environment, which MSBuild reads as a property, so a recipe of its own builds with probes too.</summary>
    private const string DefaultBuild = "dotnet build -c Release -p:EdmProfiling=true";

    private sealed record Settings(
        string? CommandA,
        string? CommandB,
        string? GitReference,
        string Build,
        IReadOnlyList<string> Command,
        int Runs,
        int Warmup,
        int? Seed,
        string? Sessions,
        Layer? Layer,
        int? Reservoir,
        double Threshold,
        bool FailOnRegression,
        ReportFormat? Format,
        string? Out);

    internal static Command Create()
    {
        var commandA = new Option<string?>("--command-a", "-a") { Description = "Command of side A, the reference, as one shell command line (e.g. 'dotnet old/App.dll --its-option')", HelpName = "command" };
        var commandB = new Option<string?>("--command-b", "-b") { Description = "Command of side B, the change, as one shell command line", HelpName = "command" };
        var git = new Option<string?>("--git")
        {
            Description = "Compare the working tree (B) with this commit (A): check it out in a temporary worktree, build both with --build, and run the command after -- in each tree's root",
            HelpName = "base-ref",
        };
        var build = new Option<string>("--build")
        {
            Description = $"With --git: the shell command that builds a tree, run once in each tree's root with EdmProfiling=true in its environment [default: {DefaultBuild}]",
            HelpName = "command",
            DefaultValueFactory = _ => DefaultBuild,
        };
        var runs = new Option<int>("--runs", "-n") { Description = "Pairs of runs that are compared [default: 10]", HelpName = "count", DefaultValueFactory = _ => 10, CustomParser = r => Count(r, "--runs", 1) };
        var warmup = new Option<int>("--warmup", "-w") { Description = "Pairs of runs made first and not compared (disk cache, JIT caches) [default: 1]", HelpName = "count", DefaultValueFactory = _ => 1, CustomParser = r => Count(r, "--warmup", 0) };
        var seed = new Option<int?>("--seed") { Description = "Seed of the random order within each pair [default: a random one, printed]", HelpName = "number", CustomParser = r => Count(r, "--seed", 0) };
        var sessions = new Option<string?>("--sessions")
        {
            Description = "Folder for the runs' sessions and output logs (a-01.json, b-01.json, …) [default: .edm/ab-<time>]",
            HelpName = "dir",
        };
        Option<Layer?> layer = LayerOption.Create();
        var reservoir = new Option<int?>("--reservoir") { Description = $"Call durations kept per method and run [default: {SessionOptions.ComparisonReservoirSize}]", HelpName = "count", CustomParser = r => Count(r, "--reservoir", 0) };
        Option<double> threshold = ThresholdOption.Create();
        var fail = new Option<bool>("--fail-on-regression") { Description = "Exit with code 1 when a method regressed" };
        Option<ReportFormat?> format = FormatOption.Single("Report format [default: from the --out file name, else console]");
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the report to this file (atomically); the console report still goes to standard output",
            HelpName = "file",
        };
        var program = new Argument<string[]>("command")
        {
            Description = "With --git: the program and its arguments, after -- (run in each tree's root, e.g. -- dotnet bin/Release/net10.0/App.dll)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command(
            "ab",
            "Compare two builds on this machine: run A and B interleaved (A B / B A, balanced: each two pairs one of each, in a random order), profile every run, and judge B against A per method with paired statistics")
        {
            commandA, commandB, git, build, runs, warmup, seed, sessions, layer, reservoir, threshold, fail, format, output, program,
        };
        command.SetAction(parse => Run(new Settings(
            parse.GetValue(commandA),
            parse.GetValue(commandB),
            parse.GetValue(git),
            parse.GetValue(build) ?? DefaultBuild,
            parse.GetValue(program) ?? [],
            parse.GetValue(runs),
            parse.GetValue(warmup),
            parse.GetValue(seed),
            parse.GetValue(sessions),
            parse.GetValue(layer),
            parse.GetValue(reservoir),
            parse.GetValue(threshold),
            parse.GetValue(fail),
            parse.GetValue(format),
            parse.GetValue(output))));
        return command;
    }

    private static int Count(System.CommandLine.Parsing.ArgumentResult result, string option, int least)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= least)
        {
            return value;
        }

        result.AddError($"{option}: '{text}' is not a count; give a whole number, {least} or more");
        return least;
    }

    private static int Run(Settings settings)
    {
        CheckMode(settings);
        ReportOutput.CheckFile(settings.Out);
        int seed = settings.Seed ?? Random.Shared.Next();
        string folder = SessionsFolder(settings.Sessions);
        GitWorktree? worktree = null;
        try
        {
            (AbSide a, AbSide b) = settings.GitReference is { } reference
                ? PrepareTrees(settings, reference, folder, out worktree)
                : (Side("A", settings.CommandA!), Side("B", settings.CommandB!));
            Console.Error.WriteLine($"A: {DisplayText.Of(a.Shown)}");
            Console.Error.WriteLine($"B: {DisplayText.Of(b.Shown)}");
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{settings.Runs} pairs after {settings.Warmup} warm-up, order seed {seed}; sessions in {folder}"));

            List<string> sessionsA, sessionsB;
            using (var interleaved = new InterleavedRuns())
            {
                try
                {
                    (sessionsA, sessionsB) = interleaved.Run(a, b, new InterleavedRuns.Plan(settings.Runs, settings.Warmup, seed, folder, settings.Layer, settings.Reservoir), Console.Error);
                }
                catch (AbRunFailedException e)
                {
                    EdmProf.ReportError($"{e.Message}; the sessions written so far are in {folder}");
                    return e.ExitCode;
                }

                if (interleaved.Interrupted)
                {
                    EdmProf.ReportError($"interrupted: {sessionsA.Count} complete pair{(sessionsA.Count == 1 ? "" : "s")} of runs; the sessions written so far are in {folder}");
                    return Interrupted;
                }
            }

            return Judge(settings, sessionsA, sessionsB);
        }
        finally
        {
            worktree?.Dispose();
        }
    }

    private static void CheckMode(Settings settings)
    {
        bool plain = settings.CommandA is not null || settings.CommandB is not null;
        if (settings.GitReference is not null)
        {
            if (plain)
            {
                throw new InputException("--git takes the command after --, not -a/-b: give one or the other");
            }

            if (settings.Command.Count == 0)
            {
                throw new InputException("--git needs the command to run in each tree after --, e.g. edm-prof ab --git main -- dotnet bin/Release/net10.0/App.dll");
            }
        }
        else if (string.IsNullOrWhiteSpace(settings.CommandA) || string.IsNullOrWhiteSpace(settings.CommandB))
        {
            throw new InputException("give both sides, -a '<command A>' -b '<command B>', or --git <base-ref> -- <command>");
        }
        else if (settings.Command.Count > 0)
        {
            throw new InputException($"unexpected '{DisplayText.Of(settings.Command[0])}' after the options: with -a and -b the commands are their values (quote each as one argument)");
        }
    }

    /// <summary>The folder given (which must hold no earlier A/B sessions), else a fresh <c>.edm/ab-&lt;time&gt;</c>.</summary>
    private static string SessionsFolder(string? given)
    {
        if (given is not null)
        {
            if (File.Exists(given))
            {
                throw new InputException($"{given}: is a file; --sessions takes a folder");
            }

            if (Directory.Exists(given) && Directory.EnumerateFiles(given, "?-*.json").Any(f => Path.GetFileName(f)[0] is 'a' or 'b'))
            {
                throw new InputException($"{given}: holds the sessions of an earlier A/B comparison; give an empty or new folder");
            }

            Directory.CreateDirectory(given);
            return given;
        }

        string stem = Path.Combine(RunCommand.DefaultFolder, $"ab-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        string folder = stem;
        for (int n = 2; Directory.Exists(folder); n++)
        {
            folder = $"{stem}-{n}";
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    private static AbSide Side(string label, string command) =>
        new(label, command, ShellCommand.Of(command), WorkingDirectory: null, new Dictionary<string, string>(StringComparer.Ordinal) { ["EDM_AB_SIDE"] = label });

    /// <summary>
    /// Checks the base commit out, builds both trees (base first) with EdmProfiling=true, and returns the
    /// sides: A runs the command in the base's worktree, B in the repository's root, each with its commit.
    /// </summary>
    private static (AbSide A, AbSide B) PrepareTrees(Settings settings, string reference, string folder, out GitWorktree? worktree)
    {
        string repository = GitWorktree.TopLevel(Directory.GetCurrentDirectory());
        string baseCommit = GitWorktree.ResolveCommit(repository, reference);
        string head = GitWorktree.Git(repository, "rev-parse", "HEAD") ?? "";
        worktree = GitWorktree.Add(repository, baseCommit);
        string shown = string.Join(' ', settings.Command);
        AbSide a = TreeSide("A", $"{shown}  [in {reference} = {baseCommit[..Math.Min(12, baseCommit.Length)]}]", worktree.Path, baseCommit);
        AbSide b = TreeSide("B", $"{shown}  [in the working tree]", repository, head);
        foreach (AbSide side in new[] { a, b })
        {
            string log = Path.Combine(folder, $"build-{side.Label.ToLowerInvariant()}.log");
            Console.Error.WriteLine($"building {side.Label} in {side.WorkingDirectory}: {settings.Build}");
            var environment = new Dictionary<string, string>(side.Environment, StringComparer.Ordinal) { ["EdmProfiling"] = "true" };
            environment.Remove("EDM_COMMIT");
            int exitCode;
            try
            {
                exitCode = ProfiledProgram.Run(ShellCommand.Of(settings.Build), environment, side.WorkingDirectory, log);
            }
            catch (ProgramStartException e)
            {
                throw new InputException($"--build: {e.Message}");
            }

            if (exitCode != 0)
            {
                throw new InputException($"building {side.Label} ({settings.Build}) failed with exit code {exitCode}; its output is in {log}");
            }
        }

        return (a, b);

        AbSide TreeSide(string label, string text, string tree, string commit) => new(
            label,
            text,
            settings.Command,
            tree,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["EDM_AB_SIDE"] = label, ["EDM_AB_TREE"] = tree, ["EDM_COMMIT"] = commit });
    }

    private static int Judge(Settings settings, List<string> sessionsA, List<string> sessionsB)
    {
        Baseline a = Baseline.FromSessionFiles("A", sessionsA);
        Baseline b = Baseline.FromSessionFiles("B", sessionsB);
        ComparisonReport comparison = PairedRegressionDetector.Compare(a, b, new ComparisonOptions { TimeThreshold = settings.Threshold });
        var content = ReportContent.Of(comparison);
        ReportFormat chosen = ReportOutput.Choose(settings.Format, settings.Out);
        if (settings.Out is not null && chosen != ReportFormat.Console)
        {
            ReportOutput.Write(content, ReportFormat.Console, outPath: null);
        }

        ReportOutput.Write(content, chosen, settings.Out);
        if (settings.FailOnRegression && comparison.Summary.HasRegression)
        {
            int regressed = comparison.Summary.Counts[Verdict.Regressed];
            EdmProf.ReportError($"{regressed} method{(regressed == 1 ? "" : "s")} of B regressed against A (--fail-on-regression)");
            return ExitCodes.Regression;
        }

        return ExitCodes.Success;
    }
}
