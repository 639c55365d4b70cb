using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Edm.Profiling;
using Edm.Tracks.Demo;
using Edm.Tracks.Evaluation;
using Edm.Tracks.Output;
using Spectre.Console;

namespace Edm.Tracks.Commands;

/// <summary><c>edm evaluate (&lt;dir&gt; | --demo) [--tolerance 4%]</c>: tempo accuracy over a labelled set.</summary>
public static class EvaluateCommand
{
    /// <summary>The command, with its arguments and action.</summary>
    public static Command Create()
    {
        var folder = new Argument<string?>("folder")
        {
            Description = $"Folder holding WAV files and {LabelFile.FileName} (columns file,bpm)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var demo = new Option<bool>("--demo") { Description = "Evaluate the demo set (generated on first use; see 'edm demo-path')" };
        Option<double> tolerance = ToleranceOption.Create();
        var command = new Command("evaluate", "Score tempo estimates against labels: MIREX Accuracy1 and Accuracy2")
        {
            folder,
            demo,
            tolerance,
        };
        command.Validators.Add(result =>
        {
            bool hasFolder = result.GetValue(folder) is not null;
            bool hasDemo = result.GetValue(demo);
            if (hasFolder == hasDemo)
            {
                result.AddError("evaluate: give either a folder or --demo");
            }
        });
        command.SetAction(parseResult =>
        {
            CommandOutput output = CommandOutput.From(parseResult);
            try
            {
                string target = parseResult.GetValue(demo) ? DemoSet.Ensure(output.Error) : parseResult.GetValue(folder)!;
                return Run(target, parseResult.GetValue(tolerance), output);
            }
            catch (InputException e)
            {
                output.ReportError(e.Message);
                return ExitCodes.InputError;
            }
        });
        return command;
    }

    /// <summary>
    /// Evaluates the folder and prints the per-file rows and the accuracies. Bad files are reported
    /// on standard error as they come and left out; the exit code is then <see cref="ExitCodes.InputError"/>.
    /// </summary>
    /// <exception cref="InputException">The folder or its labels are unusable.</exception>
    public static int Run(string folder, double tolerance, CommandOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        EvaluationReport report = output.IsInteractive
            ? EvaluateWithProgressBar(folder, tolerance, output)
            : DatasetEvaluator.Evaluate(folder, tolerance, step => ReportSkipped(step, output));
        clock.Stop();

        using (Profiler.Scope("Edm.Tracks.Commands.Render", Layer.Lightweight))
        {
            if (report.Files.Count > 0)
            {
                TableWriter.Write(EvaluationTable.Build(report), output);
            }

            foreach (string line in EvaluationTable.Summary(report))
            {
                output.Out.WriteLine(line);
            }

            output.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.Files.Count + report.Skipped.Count} file(s) in {clock.Elapsed.TotalSeconds:0.0} s"));
        }

        return report.Skipped.Count == 0 ? ExitCodes.Success : ExitCodes.InputError;
    }

    private static EvaluationReport EvaluateWithProgressBar(string folder, double tolerance, CommandOutput output)
    {
        var skipped = new List<SkippedFile>();
        EvaluationReport report = AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? task = null;
                return DatasetEvaluator.Evaluate(folder, tolerance, step =>
                {
                    task ??= context.AddTask("Analysing", maxValue: step.Total);
                    task.Value = step.Done;
                    task.Description = Markup.Escape(step.File);
                    if (step.Skipped is { } skip)
                    {
                        skipped.Add(skip);
                    }
                });
            });

        // Written once the bar is gone, so the two do not garble each other.
        foreach (SkippedFile skip in skipped)
        {
            output.ReportError(skip.Reason);
        }

        return report;
    }

    private static void ReportSkipped(EvaluationProgress step, CommandOutput output)
    {
        if (step.Skipped is { } skip)
        {
            output.ReportError(skip.Reason);
        }
    }
}
