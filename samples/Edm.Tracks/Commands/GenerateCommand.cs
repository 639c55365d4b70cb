using System.CommandLine;
using System.Globalization;
using Edm.Tracks.Evaluation;
using Edm.Tracks.Generation;
using Edm.Tracks.Output;

namespace Edm.Tracks.Commands;

/// <summary><c>edm generate &lt;dir&gt; --count N [--seed S]</c>: a labelled set of synthetic tracks.</summary>
public static class GenerateCommand
{
    /// <summary>The command, with its arguments and action.</summary>
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "New (or empty) folder to write the tracks and labels.csv into" };
        var count = new Option<int>("--count", "-n") { Description = "Number of tracks", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed writes the same set", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration")
        {
            Description = "Length of each track in seconds",
            DefaultValueFactory = _ => DatasetGenerator.DefaultDurationSeconds,
        };
        var sampleRate = new Option<int>("--sample-rate")
        {
            Description = "Samples per second",
            DefaultValueFactory = _ => DatasetGenerator.DefaultSampleRate,
        };
        var command = new Command("generate", "Write synthetic drum tracks at known tempos (80–180 BPM) with labels.csv")
        {
            folder,
            count,
            seed,
            duration,
            sampleRate,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(folder)!,
            parseResult.GetValue(count),
            parseResult.GetValue(seed),
            parseResult.GetValue(duration),
            parseResult.GetValue(sampleRate),
            CommandOutput.From(parseResult)));
        return command;
    }

    /// <summary>Generates the set and prints one line saying what was written.</summary>
    public static int Run(string folder, int count, int seed, double durationSeconds, int sampleRate, CommandOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            IReadOnlyList<TrackSpec> specs = DatasetGenerator.Generate(folder, count, seed, durationSeconds, sampleRate);
            output.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {specs.Count} track(s) ({specs.Min(s => s.Bpm):0.0}–{specs.Max(s => s.Bpm):0.0} BPM) and {LabelFile.FileName} to {folder}"));
            return ExitCodes.Success;
        }
        catch (InputException e)
        {
            output.ReportError(e.Message);
            return ExitCodes.InputError;
        }
    }
}
