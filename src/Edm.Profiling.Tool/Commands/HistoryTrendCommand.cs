using System.CommandLine;
using System.Globalization;
using Edm.Profiling.Analysis;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof history trend &lt;db&gt; [method] [--metric time|calls|allocations]</c>: a method's metric per
/// commit with the lasting steps marked, or one line per method; as JSON or an HTML chart with <c>--format</c>.
/// </summary>
internal static class HistoryTrendCommand
{
    internal static Command Create()
    {
        var database = new Argument<string>("db") { Description = "History file (SQLite)" };
        var method = new Argument<string?>("method") { Description = "Method display name [default: every method, one line each]", Arity = ArgumentArity.ZeroOrOne };
        Option<Metric?> metric = MetricOption.Create();
        Option<ReportFormat?> format = FormatOption.Single(
            "Report format [default: from the --out file name, else console]",
            [ReportFormat.Console, ReportFormat.Json, ReportFormat.Html]);
        var output = new Option<string?>("--out", "-o") { Description = "Write the report to this file (atomically) instead of standard output", HelpName = "file" };
        var filters = new HistoryFilters();
        var command = new Command("trend", "Follow a metric across the commits of a history, with lasting steps marked")
        {
            database, method, metric, format, output,
        };
        filters.AddTo(command);
        command.SetAction(parse => Run(
            parse.GetValue(database)!,
            parse.GetValue(method),
            parse.GetValue(metric) ?? Metric.WallTime,
            filters.Read(parse),
            parse.GetValue(format),
            parse.GetValue(output)));
        return command;
    }

    private static int Run(string databasePath, string? method, Metric metric, TrendQuery query, ReportFormat? format, string? outPath)
    {
        ReportOutput.CheckFile(outPath);
        ReportFormat chosen = ReportOutput.Choose(format, outPath);
        if (chosen == ReportFormat.Console && outPath is not null)
        {
            throw new InputException($"{outPath}: the console trend goes to standard output; give --format json or html to write a file");
        }

        using HistoryStore history = HistoryStore.Open(databasePath, create: false);
        IReadOnlyList<MethodTrend> trends;
        if (method is null)
        {
            trends = history.Trends(metric, query);
        }
        else
        {
            if (!history.Methods().Contains(method, StringComparer.Ordinal))
            {
                throw new InputException($"{databasePath}: the history has no method '{DisplayText.Of(method)}' ('edm-prof history trend {databasePath}' lists its methods)");
            }

            trends = [history.Trend(method, metric, query)];
        }

        if (chosen != ReportFormat.Console)
        {
            ReportOutput.Write(new ReportContent { Trends = trends }, chosen, outPath);
        }
        else if (method is null)
        {
            WriteSummary(Console.Out, trends, metric);
        }
        else
        {
            WritePoints(Console.Out, trends[0]);
        }

        return ExitCodes.Success;
    }

    private static void WritePoints(TextWriter output, MethodTrend trend)
    {
        output.WriteLine($"{DisplayText.Of(trend.Name)}: {MetricOption.Describe(trend.Metric)}, {Plural.Of(trend.Points.Count, "commit")}");
        if (trend.Points.Count == 0)
        {
            output.WriteLine("no runs in the history measure it (or none match the filters)");
            return;
        }

        var steps = trend.ChangePoints.ToHashSet();
        AlignedTable.Write(
            output,
            ["commit", "recorded (UTC)", "value", "change", "step"],
            [.. trend.Points.Select((p, i) => (IReadOnlyList<string>)[
                DisplayText.Of(p.Commit),
                p.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                MetricOption.Format(trend.Metric, p.Value),
                i == 0 ? "" : Change(trend.Points[i - 1].Value, p.Value),
                steps.Contains(i) ? "step" : "",
            ])],
            leftAligned: 2);
    }

    private static void WriteSummary(TextWriter output, IReadOnlyList<MethodTrend> trends, Metric metric)
    {
        output.WriteLine($"{MetricOption.Describe(metric)}, first and last commit of each method");
        if (trends.Count == 0)
        {
            output.WriteLine("no runs in the history measure it (or none match the filters)");
            return;
        }

        AlignedTable.Write(
            output,
            ["method", "commits", "first", "last", "change", "steps at"],
            [.. trends.Select(t => (IReadOnlyList<string>)[
                DisplayText.Of(t.Name),
                t.Points.Count.ToString(CultureInfo.InvariantCulture),
                MetricOption.Format(metric, t.Points[0].Value),
                MetricOption.Format(metric, t.Points[^1].Value),
                Change(t.Points[0].Value, t.Points[^1].Value),
                t.ChangePoints.Count == 0 ? "-" : DisplayText.Of(string.Join(", ", t.ChangePoints.Select(i => t.Points[i].Commit))),
            ])]);
    }

    private static string Change(double before, double after) =>
        before == 0 ? (after == 0 ? "0%" : "new") : ((after / before) - 1).ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture);
}
