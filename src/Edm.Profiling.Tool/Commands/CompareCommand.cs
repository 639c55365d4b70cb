using System.CommandLine;
using Edm.Profiling.Analysis;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Tool.Options;
using Edm.Profiling.Tool.Output;

namespace Edm.Profiling.Tool.Commands;

/// <summary>
/// <c>edm-prof compare &lt;baseline&gt; &lt;current&gt; [--threshold 5%] [--fail-on-regression] [--format F] [--out FILE]</c>:
/// verdicts per method; exit code 1 on a regression when asked, so a build can gate on it.
/// </summary>
internal static class CompareCommand
{
    internal static Command Create()
    {
        var baseline = new Argument<string>("baseline") { Description = "Baseline file, or a session file to use as one" };
        var current = new Argument<string>("current") { Description = "Session file of the run to judge (or a baseline file)" };
        Option<double> threshold = ThresholdOption.Create();
        var fail = new Option<bool>("--fail-on-regression") { Description = "Exit with code 1 when a method regressed" };
        var otherMachine = new Option<bool>("--allow-other-machine")
        {
            Description = "Judge time even when the baseline was recorded on another machine or runtime version (by default time is then Unknown)",
        };
        Option<ReportFormat?> format = FormatOption.Single("Report format [default: from the --out file name, else console]");
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the report to this file (atomically); the console report still goes to standard output",
            HelpName = "file",
        };
        var command = new Command("compare", "Judge a run against a baseline: calls, allocations and time per method, with verdicts")
        {
            baseline, current, threshold, fail, otherMachine, format, output,
        };
        command.SetAction(parse => Run(
            parse.GetValue(baseline)!,
            parse.GetValue(current)!,
            parse.GetValue(threshold),
            parse.GetValue(fail),
            parse.GetValue(otherMachine),
            parse.GetValue(format),
            parse.GetValue(output)));
        return command;
    }

    private static int Run(string baselinePath, string currentPath, double threshold, bool failOnRegression, bool allowOtherMachine, ReportFormat? format, string? outPath)
    {
        ReportOutput.CheckFile(outPath);
        Baseline baseline = RunFile.ReadBaseline(baselinePath, out SessionReport? baselineSession);
        Baseline current = RunFile.ReadBaseline(currentPath, out SessionReport? currentSession);
        ComparisonReport comparison = RegressionDetector.Compare(baseline, current, new ComparisonOptions { TimeThreshold = threshold, AllowOtherMachine = allowOtherMachine });
        var content = ReportContent.Of(comparison);

        ReportFormat chosen = ReportOutput.Choose(format, outPath);
        if (outPath is not null && chosen != ReportFormat.Console)
        {
            // A gate's verdicts belong in the build log, whatever file is written for later.
            ReportOutput.Write(content, ReportFormat.Console, outPath: null);
        }

        // The page and the viewers' formats show the current session itself when the file is one (its
        // timeline, which a baseline drops), as `report --baseline` does; the text formats stay the comparison.
        if (currentSession is not null && chosen is not (ReportFormat.Console or ReportFormat.Json or ReportFormat.Markdown))
        {
            content = content with { Session = currentSession };
        }

        ReportOutput.Write(content, chosen, outPath);
        if (chosen == ReportFormat.Console || outPath is not null)
        {
            // Two sessions with CPU samples: where the hottest probes' time fell, then and now. Never a verdict.
            IReadOnlyList<string> sampled = SampledShareComparison.Lines(baselineSession, currentSession);
            if (sampled.Count > 0)
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine(SampledShareComparison.Heading);
                foreach (string line in sampled)
                {
                    Console.Out.WriteLine("  " + line);
                }
            }
        }

        if (failOnRegression && comparison.Summary.HasRegression)
        {
            int regressed = comparison.Summary.Counts[Verdict.Regressed];
            EdmProf.ReportError($"{regressed} method{(regressed == 1 ? "" : "s")} regressed against {DisplayText.Of(comparison.BaselineName)} (--fail-on-regression)");
            return ExitCodes.Regression;
        }

        return ExitCodes.Success;
    }
}
