using System.CommandLine;
using Edm.Profiling.Analysis;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof baseline save &lt;name&gt; &lt;session…&gt; [--version V] [--commit C] [--branch B] [--root DIR] [--force]</c>:
/// merges sessions of one command into a baseline and stores it; an existing baseline is replaced only with <c>--force</c>.
/// Folders and patterns name several files; the interval sessions of a rolling run count as one run.
/// </summary>
internal static class BaselineSaveCommand
{
    internal static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Baseline name (its folder): letters, digits, '.', '_', '+', '-'" };
        Argument<string[]> sessions = FileListArgument.Create("sessions", "Session files of the same command to merge (files, folders or patterns; a rolling run's intervals make one run)");
        var version = new Option<string?>("--version") { Description = "Release version the baseline stands for; names the file instead of the commit", HelpName = "version" };
        var commit = new Option<string?>("--commit") { Description = "Commit to record [default: the sessions' own, from EDM_COMMIT or the assembly]", HelpName = "commit" };
        var branch = new Option<string?>("--branch") { Description = "Branch to record; its pointer moves to this baseline [default: the sessions' own]", HelpName = "branch" };
        Option<string> root = StoreRootOption.Create();
        var force = new Option<bool>("--force") { Description = "Replace a baseline stored under the same name and key" };
        var command = new Command("save", "Merge session files into a baseline and store it under <root>/<name>/<version or commit>.json")
        {
            name, sessions, version, commit, branch, root, force,
        };
        command.SetAction(parse => Run(
            parse.GetValue(name)!,
            parse.GetValue(sessions) ?? [],
            new BaselineOptions { Version = parse.GetValue(version), Commit = parse.GetValue(commit), Branch = parse.GetValue(branch) },
            parse.GetValue(root)!,
            parse.GetValue(force)));
        return command;
    }

    private static int Run(string name, string[] sessions, BaselineOptions options, string root, bool force)
    {
        var store = new BaselineStore(root);
        IReadOnlyList<string> files = SessionInputs.Expand(sessions);
        Baseline baseline = FileProgress.Run(
            $"reading {files.Count} sessions",
            files.Count,
            progress => Baseline.FromSessionFiles(name, files, options, progress));
        BaselineEntry entry = store.Save(baseline, overwrite: force);

        string latest = entry.LatestOn.Count > 0 ? $"; latest on branch {DisplayText.Of(entry.LatestOn[0])}" : "";
        Console.WriteLine($"saved baseline '{entry.Name}' at {entry.Key}: {entry.Path} ({Plural.Of(baseline.Runs.Count, "run")}, {Plural.Of(baseline.Methods.Count, "method")}){latest}");
        return ExitCodes.Success;
    }
}
