namespace Edm.Profiling.Tests;

/// <summary>The one naming of new session files: process mode, edm-prof run and --profile share it.</summary>
public sealed class SessionFileNameTests
{
    [Fact]
    public void The_stem_is_the_safe_name_and_the_start_time_in_utc()
    {
        var startedAt = new DateTimeOffset(2025, 3, 14, 10, 15, 0, TimeSpan.FromHours(1));
        Assert.Equal("edm-evaluate-20250314-091500", SessionFileName.Stem("edm evaluate", startedAt));
    }

    [Theory]
    [InlineData("QuickStart", "QuickStart")]
    [InlineData("my run", "my-run")]
    [InlineData("a/b", "a_b")]
    [InlineData("tab\there", "tab-here")]
    [InlineData("..hidden", "hidden")]
    [InlineData("", "session")]
    [InlineData("...", "session")]
    public void Names_become_safe_file_names(string name, string expected) => Assert.Equal(expected, SessionFileName.Safe(name));

    [Fact]
    public void Long_names_are_cut_to_80_characters() => Assert.Equal(new string('x', 80), SessionFileName.Safe(new string('x', 200)));

    [Fact]
    public void A_taken_name_gets_the_next_number()
    {
        using var folder = new TempDirectory();
        Assert.Equal(folder.File("run.json"), SessionFileName.FreePath(folder.Path, "run"));

        File.WriteAllText(folder.File("run.json"), "{}");
        Assert.Equal(folder.File("run-2.json"), SessionFileName.FreePath(folder.Path, "run"));

        // A file that would go beside the session (a report) takes the name too.
        Assert.Equal(folder.File("run-3.json"), SessionFileName.FreePath(folder.Path, "run", path => path.EndsWith("run-2.json", StringComparison.Ordinal)));
    }
}
