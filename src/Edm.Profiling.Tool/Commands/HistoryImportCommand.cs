using System.CommandLine;
using Edm.Profiling.Analysis;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof history import &lt;db&gt; &lt;file…&gt;</c>: adds session and baseline files to a history (created
/// when missing). Each file is its own transaction and importing a file again changes nothing, so a bad
/// file is reported and skipped, and the command can simply be run again once it is fixed. Folders and
/// patterns name several files; the interval sessions of a rolling run are merged and imported as one run.
/// </summary>
internal static class HistoryImportCommand
{
    internal static Command Create()
    {
        var database = new Argument<string>("db") { Description = "History file (SQLite); created when it does not exist" };
        Argument<string[]> files = FileListArgument.Create("files", "Session or baseline files to import (files, folders or patterns; a rolling run's intervals are imported as one run)");
        var command = new Command("import", "Import session and baseline files into a history; files imported before are skipped")
        {
            database, files,
        };
        command.SetAction(parse => Run(parse.GetValue(database)!, parse.GetValue(files) ?? []));
        return command;
    }

    private static int Run(string databasePath, string[] arguments)
    {
        IReadOnlyList<string> files = SessionInputs.Expand(arguments);
        using HistoryStore history = HistoryStore.Open(databasePath);
        var lines = new List<string>(files.Count);
        var errors = new List<string>();
        var intervals = new List<(string Label, SessionReport Session)>();
        FileProgress.Run($"importing {files.Count} files", files.Count, progress =>
        {
            for (int i = 0; i < files.Count; i++)
            {
                try
                {
                    if (IntervalOf(files[i]) is { } interval)
                    {
                        intervals.Add((files[i], interval)); // imported with the rest of its run below
                    }
                    else
                    {
                        HistoryImport import = history.ImportFile(files[i]);
                        lines.Add(Line(files[i], import));
                    }
                }
                catch (AnalysisException e)
                {
                    errors.Add(e.Message);
                }

                progress?.Report(i + 1);
            }

            return lines;
        });

        foreach ((string label, SessionReport run) in SessionInputs.MergeRuns(intervals))
        {
            try
            {
                lines.Add(Line(label, history.Import(run)));
            }
            catch (AnalysisException e)
            {
                errors.Add(e.Message);
            }
        }

        // Printed after the bar is gone, so lines and bar never interleave on a terminal.
        foreach (string line in lines)
        {
            Console.WriteLine(line);
        }

        foreach (string error in errors)
        {
            EdmProf.ReportError(error);
        }

        return errors.Count == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }

    private static string Line(string what, HistoryImport import) => import.Imported
        ? $"imported {what}: run {import.RunId}, {Plural.Of(import.Methods, "method")}"
        : $"already in the history: {what} (run {import.RunId})";

    /// <summary>The session in the file when it is an interval of a rolling run; null for other sessions and baselines.</summary>
    private static SessionReport? IntervalOf(string path)
    {
        RunFile.ReadBaseline(path, out SessionReport? session);
        return session?.Interval is not null ? session : null;
    }
}
