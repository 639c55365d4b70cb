using Edm.Tracks.Evaluation;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

/// <summary>Each bad input gives one line on standard error naming the file, a non-zero exit, and no stack trace.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void Truncated_wav()
    {
        using var folder = new TempDirectory();
        string path = WriteTruncatedWav(folder);

        EdmRun run = EdmRun.InProcess("analyze", path);

        AssertOneLineError(run, path, "truncated WAV");
    }

    [Fact]
    public void Non_wav_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("notes.wav");
        File.WriteAllText(path, "these are not the samples you are looking for\n");

        EdmRun run = EdmRun.InProcess("analyze", path);

        AssertOneLineError(run, path, "not a WAV file");
    }

    [Fact]
    public void Missing_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("nowhere.wav");

        EdmRun run = EdmRun.InProcess("analyze", path);

        AssertOneLineError(run, path, "no such file");
    }

    [Fact]
    public void Empty_directory()
    {
        using var folder = new TempDirectory();

        EdmRun run = EdmRun.InProcess("evaluate", folder.Path);

        AssertOneLineError(run, folder.Path, "the folder is empty");
    }

    [Fact]
    public void Folder_without_labels()
    {
        using var folder = new TempDirectory();
        TestTracks.WriteWav(folder.File("a.wav"), TestTracks.Render(120));

        EdmRun run = EdmRun.InProcess("evaluate", folder.Path);

        AssertOneLineError(run, folder.Path, "no labels.csv");
    }

    [Fact]
    public void Malformed_label_names_the_line()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File(LabelFile.FileName), "file,bpm\na.wav,120\nb.wav,fast\n");

        EdmRun run = EdmRun.InProcess("evaluate", folder.Path);

        AssertOneLineError(run, "labels.csv:3", "bpm 'fast' is not a positive number");
    }

    [Fact]
    public void Analyze_goes_on_past_a_bad_file()
    {
        using var folder = new TempDirectory();
        string good = folder.File("good.wav");
        TestTracks.WriteWav(good, TestTracks.Render(128));
        string bad = WriteTruncatedWav(folder);

        EdmRun run = EdmRun.InProcess("analyze", bad, good);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("truncated.wav", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("good.wav", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("truncated.wav", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_reports_a_bad_file_and_scores_the_others()
    {
        using var folder = new TempDirectory();
        TestTracks.WriteWav(folder.File("a.wav"), TestTracks.Render(120));
        TestTracks.WriteWav(folder.File("c.wav"), TestTracks.Render(140));
        WriteTruncatedWav(folder);
        File.WriteAllText(folder.File(LabelFile.FileName), "file,bpm\na.wav,120\ntruncated.wav,128\nc.wav,140\n");

        EdmRun run = EdmRun.InProcess("evaluate", folder.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("truncated.wav: truncated WAV", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("Accuracy1 (±4%): 100.0% (2 of 2)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_process_prints_one_line_and_exits_non_zero()
    {
        using var folder = new TempDirectory();
        string path = WriteTruncatedWav(folder);

        EdmRun run = EdmRun.Process("analyze", path);

        AssertOneLineError(run, path, "truncated WAV");
    }

    private static string WriteTruncatedWav(TempDirectory folder)
    {
        string path = folder.File("truncated.wav");
        TestTracks.WriteWav(path, TestTracks.Render(120));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]); // the header still declares the full length
        return path;
    }

    private static void AssertOneLineError(EdmRun run, string expectedName, string expectedProblem)
    {
        Assert.NotEqual(0, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("edm: ", line, StringComparison.Ordinal);
        Assert.Contains(expectedName, line, StringComparison.Ordinal);
        Assert.Contains(expectedProblem, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }
}
