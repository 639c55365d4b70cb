using System.Globalization;
using Edm.Tracks.Evaluation;
using Edm.Tracks.Generation;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

public sealed class EvaluateCommandTests
{
    /// <summary>
    /// Three real tracks at 120, 140 and 100 BPM, labelled 120 (right), 70 (the estimate is ×2:
    /// Accuracy2 only) and 150 (×⅔: wrong for both), plus a labelled file that does not exist.
    /// By hand: Accuracy1 = 1/3, Accuracy2 = 2/3, one file skipped.
    /// </summary>
    private static void WriteHandLabelledSet(TempDirectory folder)
    {
        TestTracks.WriteWav(folder.File("a.wav"), TestTracks.Render(120));
        TestTracks.WriteWav(folder.File("b.wav"), TestTracks.Render(140));
        TestTracks.WriteWav(folder.File("c.wav"), TestTracks.Render(100));
        File.WriteAllText(
            folder.File(LabelFile.FileName),
            "file,bpm,comment\na.wav,120,right\nb.wav,70,labelled at half tempo\nmissing.wav,128,not on disk\nc.wav,150,wrong\n");
    }

    [Fact]
    public void Accuracies_match_the_hand_computed_figures()
    {
        using var folder = new TempDirectory();
        WriteHandLabelledSet(folder);

        EvaluationReport report = DatasetEvaluator.Evaluate(folder.Path, 0.04);

        Assert.Equal(["a.wav", "b.wav", "c.wav"], report.Files.Select(f => f.File));
        Assert.Equal(1 / 3.0, report.Accuracy1, precision: 12);
        Assert.Equal(2 / 3.0, report.Accuracy2, precision: 12);
        Assert.Equal(2.0, report.Files[1].MatchingFactor);
        Assert.Null(report.Files[2].MatchingFactor);
        SkippedFile skipped = Assert.Single(report.Skipped);
        Assert.Equal("missing.wav", skipped.File);
    }

    [Fact]
    public void Command_prints_rows_and_accuracies_and_reports_the_missing_file()
    {
        using var folder = new TempDirectory();
        WriteHandLabelledSet(folder);

        EdmRun run = EdmRun.InProcess("evaluate", folder.Path);

        Assert.Equal(1, run.ExitCode); // a labelled file was missing
        string error = Assert.Single(run.ErrorLines);
        Assert.Contains("missing.wav", error, StringComparison.Ordinal);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        Assert.Contains("Accuracy1 (±4%): 33.3% (1 of 3)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Accuracy2 (±4%, also ×2 ×3 ×½ ×⅓): 66.7% (2 of 3)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Skipped: 1 file(s)", run.Output, StringComparison.Ordinal);
        string[] rows = [.. run.Output.Split('\n').Where(l => l.StartsWith("a.wav", StringComparison.Ordinal) || l.StartsWith("b.wav", StringComparison.Ordinal) || l.StartsWith("c.wav", StringComparison.Ordinal))];
        Assert.Equal(3, rows.Length);
        Assert.Contains("yes (×2)", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Tolerance_option_takes_a_percentage()
    {
        using var folder = new TempDirectory();
        TestTracks.WriteWav(folder.File("a.wav"), TestTracks.Render(120));

        // Labelled 6 % too high: wrong at 4 %, right at 8 %.
        File.WriteAllText(folder.File(LabelFile.FileName), "file,bpm\na.wav,127.2\n");

        EdmRun strict = EdmRun.InProcess("evaluate", folder.Path);
        EdmRun loose = EdmRun.InProcess("evaluate", folder.Path, "--tolerance", "8%");

        Assert.Equal(0, strict.ExitCode);
        Assert.Contains("Accuracy1 (±4%): 0.0% (0 of 1)", strict.Output, StringComparison.Ordinal);
        Assert.Equal(0, loose.ExitCode);
        Assert.Contains("Accuracy1 (±8%): 100.0% (1 of 1)", loose.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_tolerance_is_a_usage_error()
    {
        using var folder = new TempDirectory();

        EdmRun run = EdmRun.InProcess("evaluate", folder.Path, "--tolerance", "4");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--tolerance: '4' is not a tolerance", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_and_demo_are_mutually_exclusive()
    {
        EdmRun neither = EdmRun.InProcess("evaluate");
        EdmRun both = EdmRun.InProcess("evaluate", "somewhere", "--demo");

        Assert.NotEqual(0, neither.ExitCode);
        Assert.Contains("give either a folder or --demo", neither.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("give either a folder or --demo", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_set_is_evaluated_end_to_end()
    {
        using var folder = new TempDirectory();
        string set = folder.File("set");
        IReadOnlyList<TrackSpec> specs = DatasetGenerator.Generate(set, count: 4, seed: 21, durationSeconds: 8);

        EvaluationReport report = DatasetEvaluator.Evaluate(set, 0.04);

        Assert.Equal(4, report.Files.Count);
        Assert.Empty(report.Skipped);
        Assert.Equal(specs.Select(s => s.Bpm), report.Files.Select(f => f.LabelBpm));
        Assert.All(report.Files, f => Assert.True(f.Accuracy1, string.Create(CultureInfo.InvariantCulture, $"{f.File}: label {f.LabelBpm}, estimate {f.EstimatedBpm}")));
    }
}
