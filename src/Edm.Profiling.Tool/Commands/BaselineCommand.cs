using System.CommandLine;

namespace Edm.Profiling.Tool.Commands;

/// <summary><c>edm-prof baseline save|list|show|delete</c>: the baseline store (docs/baseline-format.md).</summary>
internal static class BaselineCommand
{
    internal static Command Create() => new("baseline", "Keep baselines: one JSON file per version or commit under benchmarks/baselines, reviewed in git")
    {
        BaselineSaveCommand.Create(),
        BaselineListCommand.Create(),
        BaselineShowCommand.Create(),
        BaselineDeleteCommand.Create(),
    };
}
