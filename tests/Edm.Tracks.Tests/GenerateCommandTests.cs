using Edm.Tracks.Evaluation;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

public sealed class GenerateCommandTests
{
    [Fact]
    public void Writes_the_tracks_and_their_labels()
    {
        using var folder = new TempDirectory();
        string set = folder.File("set");

        EdmRun run = EdmRun.InProcess("generate", set, "--count", "3", "--seed", "5", "--duration", "4");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("wrote 3 track(s)", run.Output, StringComparison.Ordinal);
        Assert.Equal(["labels.csv", "track-001.wav", "track-002.wav", "track-003.wav"], Directory.GetFiles(set).Select(Path.GetFileName).Order());
        IReadOnlyList<TempoLabel> labels = LabelFile.Read(set);
        Assert.Equal(["track-001.wav", "track-002.wav", "track-003.wav"], labels.Select(l => l.File));
        Assert.All(labels, l => Assert.InRange(l.Bpm, 80, 180));
        Assert.Empty(Directory.GetDirectories(folder.Path, ".*")); // no staging folder left behind
    }

    [Fact]
    public void Same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        using var folder = new TempDirectory();
        Assert.Equal(0, EdmRun.InProcess("generate", folder.File("a"), "-n", "2", "--seed", "9", "--duration", "3").ExitCode);
        Assert.Equal(0, EdmRun.InProcess("generate", folder.File("b"), "-n", "2", "--seed", "9", "--duration", "3").ExitCode);
        Assert.Equal(0, EdmRun.InProcess("generate", folder.File("c"), "-n", "2", "--seed", "10", "--duration", "3").ExitCode);

        foreach (string name in new[] { "labels.csv", "track-001.wav", "track-002.wav" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder.File("a"), name)), File.ReadAllBytes(Path.Combine(folder.File("b"), name)));
        }

        Assert.NotEqual(File.ReadAllText(Path.Combine(folder.File("a"), "labels.csv")), File.ReadAllText(Path.Combine(folder.File("c"), "labels.csv")));
    }

    [Fact]
    public void Refuses_a_folder_that_is_not_empty_and_leaves_it_alone()
    {
        using var folder = new TempDirectory();
        string keep = folder.File("keep.txt");
        File.WriteAllText(keep, "mine");

        EdmRun run = EdmRun.InProcess("generate", folder.Path, "--count", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not empty", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(keep));
    }

    [Fact]
    public void Count_is_required_and_must_be_positive()
    {
        using var folder = new TempDirectory();

        EdmRun missing = EdmRun.InProcess("generate", folder.File("x"));
        EdmRun zero = EdmRun.InProcess("generate", folder.File("y"), "--count", "0");

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--count", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("--count must be at least 1", Assert.Single(zero.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("y")));
    }
}
