using System.CommandLine;
using System.Globalization;
using Edm.Profiling.Analysis;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary><c>edm-prof baseline list [name] [--root DIR]</c>: the stored baselines, by name then age.</summary>
internal static class BaselineListCommand
{
    internal static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Only the baselines of this name", Arity = ArgumentArity.ZeroOrOne };
        Option<string> root = StoreRootOption.Create();
        var command = new Command("list", "List stored baselines: name, key, version, commit, branch, creation time, and the branches they are latest on")
        {
            name, root,
        };
        command.SetAction(parse => Run(parse.GetValue(name), parse.GetValue(root)!));
        return command;
    }

    private static int Run(string? name, string root)
    {
        IReadOnlyList<BaselineEntry> entries = new BaselineStore(root).List(name);
        if (entries.Count == 0)
        {
            Console.WriteLine(name is null ? $"no baselines in {root}" : $"no baseline '{name}' in {root}");
            return ExitCodes.Success;
        }

        AlignedTable.Write(
            Console.Out,
            ["name", "key", "version", "commit", "branch", "created (UTC)", "latest on"],
            [.. entries.Select(e => (IReadOnlyList<string>)[
                e.Name,
                e.Key,
                DisplayText.Of(e.Version ?? "-"),
                DisplayText.Of(e.Commit ?? "-"),
                DisplayText.Of(e.Branch ?? "-"),
                e.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                e.LatestOn.Count == 0 ? "-" : DisplayText.Of(string.Join(", ", e.LatestOn)),
            ])],
            leftAligned: 7);
        return ExitCodes.Success;
    }
}
