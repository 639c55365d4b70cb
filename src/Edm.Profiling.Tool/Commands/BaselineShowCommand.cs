using System.CommandLine;
using System.Globalization;
using Edm.Profiling.Analysis;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof baseline show &lt;name&gt; [key] [--branch B] [--root DIR]</c>: where a baseline came from
/// (commit, runs, machine) and its figures as the console report shows a session.
/// </summary>
internal static class BaselineShowCommand
{
    internal static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Baseline name" };
        var key = new Argument<string?>("key") { Description = "Version or commit [default: the latest on --branch, else the newest]", Arity = ArgumentArity.ZeroOrOne };
        var branch = new Option<string?>("--branch") { Description = "Show the latest baseline saved on this branch", HelpName = "branch" };
        Option<string> root = StoreRootOption.Create();
        var command = new Command("show", "Show a stored baseline: its origin and its figures per method")
        {
            name, key, branch, root,
        };
        command.SetAction(parse => Run(parse.GetValue(name)!, parse.GetValue(key), parse.GetValue(branch), parse.GetValue(root)!));
        return command;
    }

    private static int Run(string name, string? key, string? branch, string root)
    {
        var store = new BaselineStore(root);
        Baseline baseline = key is not null ? store.Load(name, key)
            : branch is not null ? store.LoadLatest(name, branch)
            : store.Load(name, Newest(store, name, root));

        Console.WriteLine($"baseline '{baseline.Name}' at {baseline.Key}: {store.PathOf(baseline.Name, baseline.Key!)}");
        Console.WriteLine(string.Join(", ", Origin(baseline)));
        EnvironmentInfo machine = baseline.Environment;
        Console.WriteLine(DisplayText.Of($"machine {machine.MachineFingerprint} ({machine.CpuModel}, {machine.LogicalCores} cores, {machine.Os}), {machine.Runtime}, {machine.BuildConfiguration}"));
        Console.WriteLine();
        ReportOutput.Write(ReportContent.Of(baseline.ToSessionReport()), ReportFormat.Console, outPath: null);
        return ExitCodes.Success;
    }

    private static string Newest(BaselineStore store, string name, string root) =>
        store.List(name).OrderBy(e => e.CreatedAt).LastOrDefault()?.Key
            ?? throw new InputException($"{root}: no baseline '{name}' is stored here ('edm-prof baseline list' shows what is)");

    private static IEnumerable<string> Origin(Baseline baseline)
    {
        if (baseline.Version is { } version)
        {
            yield return $"version {DisplayText.Of(version)}";
        }

        if (baseline.Commit is { } commit)
        {
            yield return $"commit {DisplayText.Of(commit)}";
        }

        if (baseline.Branch is { } branch)
        {
            yield return $"branch {DisplayText.Of(branch)}";
        }

        yield return $"created {baseline.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
        yield return $"{Plural.Of(baseline.Runs.Count, "run")} of '{DisplayText.Of(baseline.Command ?? baseline.Name)}'";
    }
}
