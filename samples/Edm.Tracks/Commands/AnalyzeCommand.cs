using System.CommandLine;
using Edm.Profiling;
using Edm.Tracks.Analysis;
using Edm.Tracks.Output;

namespace Edm.Tracks.Commands;

/// <summary><c>edm analyze &lt;wav…&gt; [--json]</c>: tempo, beats, loudness and brightness of each file.</summary>
public static class AnalyzeCommand
{
    /// <summary>The command, with its arguments and action.</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "WAV files to analyse",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("analyze", "Estimate tempo (BPM), beat positions, RMS and peak level, and spectral centroid of WAV files")
        {
            files,
            json,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(files) ?? [], parseResult.GetValue(json), CommandOutput.From(parseResult)));
        return command;
    }

    /// <summary>Analyses each file; a bad one is reported on standard error and the others go on.</summary>
    public static int Run(IReadOnlyList<string> files, bool json, CommandOutput output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        var analyses = new List<TrackAnalysis>(files.Count);
        int failures = 0;
        foreach (string file in files)
        {
            try
            {
                analyses.Add(TrackAnalyzer.AnalyzeFile(file));
            }
            catch (InputException e)
            {
                output.ReportError(e.Message);
                failures++;
            }
        }

        using (Profiler.Scope("Edm.Tracks.Commands.Render", Layer.Lightweight))
        {
            if (json)
            {
                output.Out.WriteLine(AnalysisJson.Format(analyses));
            }
            else if (analyses.Count > 0)
            {
                TableWriter.Write(AnalysisTable.Build(analyses), output);
            }
        }

        return failures == 0 ? ExitCodes.Success : ExitCodes.InputError;
    }
}
