using System.CommandLine;
using Edm.Profiling.Analysis;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof history export &lt;db&gt; --out file.csv [--table trends|runs] [--metric M] [method]</c>: a history
/// as RFC 4180 CSV (docs/baseline-format.md, "CSV exports"), written atomically.
/// </summary>
internal static class HistoryExportCommand
{
    internal static Command Create()
    {
        var database = new Argument<string>("db") { Description = "History file (SQLite)" };
        var method = new Argument<string?>("method") { Description = "Only this method's trend [default: every method]", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string>("--out", "-o") { Description = "CSV file to write", HelpName = "file", Required = true };
        var table = new Option<string>("--table")
        {
            Description = "What to export: trends (one row per method and commit) or runs (one row per imported run)",
            HelpName = "trends|runs",
            DefaultValueFactory = _ => "trends",
        };
        table.AcceptOnlyFromAmong("trends", "runs");
        Option<Metric?> metric = MetricOption.Create();
        var filters = new HistoryFilters();
        var command = new Command("export", "Export a history's trends or runs as CSV")
        {
            database, method, output, table, metric,
        };
        filters.AddTo(command);
        command.SetAction(parse => Run(
            parse.GetValue(database)!,
            parse.GetValue(method),
            parse.GetValue(output)!,
            parse.GetValue(table) == "runs",
            parse.GetValue(metric) ?? Metric.WallTime,
            filters.Read(parse)));
        return command;
    }

    private static int Run(string databasePath, string? method, string outPath, bool runs, Metric metric, TrendQuery query)
    {
        ReportOutput.CheckFile(outPath);
        using HistoryStore history = HistoryStore.Open(databasePath, create: false);
        if (runs)
        {
            IReadOnlyList<HistoryRun> rows = history.Runs(query);
            CsvExporter.WriteFile(outPath, writer => CsvExporter.WriteRuns(rows, writer));
            Console.Error.WriteLine($"wrote {outPath}: {Plural.Of(rows.Count, "run")}");
            return ExitCodes.Success;
        }

        if (method is not null && !history.Methods().Contains(method, StringComparer.Ordinal))
        {
            throw new InputException($"{databasePath}: the history has no method '{DisplayText.Of(method)}'");
        }

        IReadOnlyList<MethodTrend> trends = method is null ? history.Trends(metric, query) : [history.Trend(method, metric, query)];
        CsvExporter.WriteFile(outPath, writer => CsvExporter.WriteTrends(trends, writer));
        Console.Error.WriteLine($"wrote {outPath}: {Plural.Of(trends.Sum(t => t.Points.Count), "point")} of {Plural.Of(trends.Count, "method")}");
        return ExitCodes.Success;
    }
}
