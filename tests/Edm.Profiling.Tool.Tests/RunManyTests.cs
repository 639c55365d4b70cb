using Edm.Profiling.Analysis;

namespace Edm.Profiling.Tool.Tests;

/// <summary><c>edm-prof run --runs N</c>: N sessions and the baseline merged from them, in one command.</summary>
public sealed class RunManyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Three_runs_leave_three_sessions_and_a_baseline_that_keeps_each_runs_medians()
    {
        EdmProfRun run = EdmProfRun.Start(_temp.Path, "run", "--runs", "3", "-q", "-o", "out", "--", "dotnet", Programs.TestProgram, "--work", "20");
        Assert.True(run.ExitCode == 0, run.Error);
        string baselinePath = Assert.Single(Directory.GetFiles(_temp.File("out"), "*.baseline.json"));
        Assert.Equal(3, Directory.GetFiles(_temp.File("out"), "*.json").Length - 1);
        Assert.Contains(run.ErrorLines, l => l.StartsWith("baseline of 3 runs: ", StringComparison.Ordinal));

        Baseline baseline = BaselineJson.ReadFile(baselinePath);
        Assert.Equal(3, baseline.Runs.Count);
        Assert.All(baseline.Runs, r => Assert.Equal(baseline.Methods.Count, r.MedianNs.Count));
        Assert.All(baseline.Runs, r => Assert.All(r.MedianNs, m => Assert.True(m > 0)));

        // It is a baseline file compare takes as it is.
        EdmProfRun compare = EdmProfRun.Start(_temp.Path, "compare", baselinePath, baselinePath, "--fail-on-regression");
        Assert.True(compare.ExitCode == 0, compare.Error);
    }

    [Fact]
    public void A_failing_run_stops_the_rest_names_the_run_and_keeps_its_exit_code()
    {
        EdmProfRun run = EdmProfRun.Start(_temp.Path, "run", "--runs", "3", "-q", "-o", "out", "--", "dotnet", Programs.TestProgram, "--work", "5", "--exit", "4");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("edm-prof: run 1 of 3 exited with code 4; stopped", run.ErrorLines);
        Assert.Empty(Directory.GetFiles(_temp.File("out"), "*.json"));
    }
}
