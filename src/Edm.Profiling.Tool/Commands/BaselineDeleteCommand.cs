using System.CommandLine;
using Edm.Profiling.Analysis;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary><c>edm-prof baseline delete &lt;name&gt; &lt;key&gt; [--root DIR]</c>: removes a baseline and the branch pointers that name it.</summary>
internal static class BaselineDeleteCommand
{
    internal static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Baseline name" };
        var key = new Argument<string>("key") { Description = "Version or commit of the baseline to delete" };
        Option<string> root = StoreRootOption.Create();
        var command = new Command("delete", "Delete a stored baseline and the branch pointers that name it")
        {
            name, key, root,
        };
        command.SetAction(parse => Run(parse.GetValue(name)!, parse.GetValue(key)!, parse.GetValue(root)!));
        return command;
    }

    private static int Run(string name, string key, string root)
    {
        var store = new BaselineStore(root);
        string path = store.PathOf(name, key);
        IReadOnlyList<string> branches = store.Delete(name, key);
        string pointers = branches.Count == 0 ? "" : $"; no longer the latest on {DisplayText.Of(string.Join(", ", branches))}";
        Console.WriteLine($"deleted baseline '{name}' at {key}: {path}{pointers}");
        return ExitCodes.Success;
    }
}
