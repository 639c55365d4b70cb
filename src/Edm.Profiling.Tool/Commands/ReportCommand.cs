using System.CommandLine;
using Edm.Profiling.Analysis;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof report &lt;session&gt; [--format F] [--out FILE] [--baseline FILE] [--metric time|bytes]</c>: a session in one
/// format, on standard output or in a file; with a baseline, the report also holds the verdicts (and the
/// HTML page the differential flamegraph).
/// </summary>
internal static class ReportCommand
{
    internal static Command Create()
    {
        var session = new Argument<string>("session") { Description = "Session file (.json) written by a profiled program" };
        Option<ReportFormat?> format = FormatOption.Single("Report format [default: from the --out file name, else console]");
        var output = new Option<string?>("--out", "-o") { Description = "Write the report to this file (atomically) instead of standard output", HelpName = "file" };
        var baseline = new Option<string?>("--baseline", "-b") { Description = "Compare with this baseline or session file and include the verdicts", HelpName = "file" };
        Option<double> threshold = ThresholdOption.Create();
        Option<FoldedMetricOption.FoldedMetric> metric = FoldedMetricOption.Create();
        var command = new Command("report", "Write a session as a report: console, json, md, html, speedscope, chrome, folded or pprof")
        {
            session, format, output, baseline, threshold, metric,
        };
        command.SetAction(parse => Run(
            parse.GetValue(session)!,
            parse.GetValue(format),
            parse.GetValue(output),
            parse.GetValue(baseline),
            parse.GetValue(threshold),
            parse.GetValue(metric)));
        return command;
    }

    private static int Run(string sessionPath, ReportFormat? format, string? outPath, string? baselinePath, double threshold, FoldedMetricOption.FoldedMetric metric)
    {
        ReportOutput.CheckFile(outPath);
        SessionReport session = RunFile.ReadSession(sessionPath);
        var content = ReportContent.Of(session);
        if (baselinePath is not null)
        {
            Baseline baseline = RunFile.ReadBaseline(baselinePath);
            ComparisonReport comparison = RegressionDetector.Compare(baseline, session, new ComparisonOptions { TimeThreshold = threshold });

            // The session itself stays: its timeline feeds the speedscope and chrome formats.
            content = content with { Comparison = comparison };
        }

        ReportOutput.Write(content, ReportOutput.Choose(format, outPath), outPath, new ReportOptions { FoldedValue = FoldedMetricOption.ValueFor(metric, session) });
        return ExitCodes.Success;
    }
}
