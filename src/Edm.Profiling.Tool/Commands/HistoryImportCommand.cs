using System.CommandLine;
using Edm.Profiling.Analysis;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof history import &lt;db&gt; &lt;file…&gt;</c>: adds session and baseline files to a history (created
/// when missing). Each file is its own transaction and importing a file again changes nothing, so a bad
/// file is reported and skipped, and the command can simply be run again once it is fixed.
/// </summary>
internal static class HistoryImportCommand
{
    internal static Command Create()
    {
        var database = new Argument<string>("db") { Description = "History file (SQLite); created when it does not exist" };
        var files = new Argument<string[]>("files") { Description = "Session or baseline files to import", Arity = ArgumentArity.OneOrMore };
        var command = new Command("import", "Import session and baseline files into a history; files imported before are skipped")
        {
            database, files,
        };
        command.SetAction(parse => Run(parse.GetValue(database)!, parse.GetValue(files) ?? []));
        return command;
    }

    private static int Run(string databasePath, string[] files)
    {
        using HistoryStore history = HistoryStore.Open(databasePath);
        var lines = new List<string>(files.Length);
        var errors = new List<string>();
        FileProgress.Run($"importing {files.Length} files", files.Length, progress =>
        {
            for (int i = 0; i < files.Length; i++)
            {
                try
                {
                    HistoryImport import = history.ImportFile(files[i]);
                    lines.Add(import.Imported
                        ? $"imported {files[i]}: run {import.RunId}, {Plural.Of(import.Methods, "method")}"
                        : $"already in the history: {files[i]} (run {import.RunId})");
                }
                catch (AnalysisException e)
                {
                    errors.Add(e.Message);
                }

                progress?.Report(i + 1);
            }

            return lines;
        });

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
}
