using System.CommandLine;
using Edm.Profiling.Analysis;

namespace Edm.Profiling.Tool.Options;

/// <summary><c>--root DIR</c>: where baselines are stored (default <c>benchmarks/baselines</c>, relative to the current folder).</summary>
internal static class StoreRootOption
{
    internal static Option<string> Create() => new("--root")
    {
        Description = "Folder of the baseline store (relative paths start at the current folder)",
        HelpName = "dir",
        DefaultValueFactory = _ => BaselineStore.DefaultRoot,
    };
}
