namespace Edm.Profiling.Tool.Tests;

/// <summary>What every command shares: help, unknown commands, the version.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("", "run")]
    [InlineData("run", "--timeline")]
    [InlineData("report", "--baseline")]
    [InlineData("compare", "--fail-on-regression")]
    [InlineData("baseline", "save")]
    [InlineData("baseline save", "--force")]
    [InlineData("baseline list", "--root")]
    [InlineData("baseline show", "--branch")]
    [InlineData("baseline delete", "<key>")]
    [InlineData("history", "import")]
    [InlineData("history import", "<files>")]
    [InlineData("history trend", "--metric")]
    [InlineData("history export", "--table")]
    [InlineData("calibrate", "--runs")]
    public void Every_command_has_help(string command, string mentioned)
    {
        using var temp = new TempDirectory();
        EdmProfRun run = EdmProfRun.Start(temp.Path, [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"edm-prof {command}".TrimEnd(), run.Output, StringComparison.Ordinal);
        Assert.Contains(mentioned, run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Unknown_or_missing_commands_are_one_line_errors_with_exit_code_2()
    {
        using var temp = new TempDirectory();
        EdmProfRun.Start(temp.Path, "frobnicate").AssertOneLineError(2, "unknown command, option or argument 'frobnicate' (see 'edm-prof --help')");
        EdmProfRun.Start(temp.Path).AssertOneLineError(2, "(see 'edm-prof --help')");
        EdmProfRun.Start(temp.Path, "history").AssertOneLineError(2, "(see 'edm-prof history --help')");
        EdmProfRun.Start(temp.Path, "report", "x.json", "--bogus").AssertOneLineError(2, "unknown command, option or argument '--bogus'");
    }

    [Fact]
    public void The_version_is_printed()
    {
        using var temp = new TempDirectory();
        EdmProfRun run = EdmProfRun.Start(temp.Path, "--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output);
    }
}
