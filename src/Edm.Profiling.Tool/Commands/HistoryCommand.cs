using System.CommandLine;

namespace Edm.Profiling.Tool.Commands;

/// <summary><c>edm-prof history import|trend|export</c>: the SQLite history of runs across commits.</summary>
internal static class HistoryCommand
{
    internal static Command Create() => new("history", "Keep a SQLite history of runs across commits: import sessions and baselines, follow a method's trend, export CSV")
    {
        HistoryImportCommand.Create(),
        HistoryTrendCommand.Create(),
        HistoryExportCommand.Create(),
    };
}
