using System.Diagnostics;
using Edm.Profiling.Packaging.Tests.Support;
using Xunit.Abstractions;

namespace Edm.Profiling.Packaging.Tests;

/// <summary>
/// <c>EDM_PROFILING_OUTPUT=dir dotnet test</c> with default settings, on an xunit, an NUnit and an
/// MSTest project (TestRunFixtures/): VSTest kills its test host about 100 ms after the run, so a
/// session written at exit was lost most of the time. Each run must leave one complete session per
/// test project, named after it, and nothing else.
/// </summary>
[Collection(PackagedAppCollection.Name)]
public sealed class TestRunTests(PackagedApp app, ITestOutputHelper output)
{
    private const int Runs = 10;

    // Calls the three projects' tests make, each: SumOfSquares(10) squares 10 numbers, a loop squares
    // 100, SquareLaterAsync(7) squares one.
    private const string Square = "Geometry.Calc.Square(int)";
    private const string SumOfSquares = "Geometry.Calc.SumOfSquares(int)";
    private const string SquareLaterAsync = "Geometry.Calc.SquareLaterAsync(int)";

    [Fact]
    public void Every_dotnet_test_run_writes_a_complete_session_for_each_test_project()
    {
        TestRunProjects projects = TestRunProjects.For(app);
        output.WriteLine($"build: {projects.Build.Elapsed.TotalSeconds:F1} s");
        var clock = Stopwatch.StartNew();
        for (int run = 1; run <= Runs; run++)
        {
            string folder = app.NewFolder($"test-run-{run}");
            ProcessRun test = ProcessRun.Dotnet(
                projects.Root,
                ["test", projects.Solution, "-c", "Release", "--no-build", "--disable-build-servers"],
                new Dictionary<string, string>(app.ConsumerEnvironment) { ["EDM_PROFILING_OUTPUT"] = folder }).AssertExitCode();
            output.WriteLine($"run {run}: {test.Elapsed.TotalSeconds:F1} s");

            // One session per test project and nothing else: no temporary file of a write cut short.
            string[] entries = Directory.GetFileSystemEntries(folder);
            Assert.True(entries.Length == TestRunProjects.TestProjects.Length, $"run {run}: {string.Join(", ", entries.Select(Path.GetFileName))}\n{test.Output}");
            foreach (string project in TestRunProjects.TestProjects)
            {
                string file = Assert.Single(entries, e => Path.GetFileName(e).StartsWith(project + "-", StringComparison.Ordinal) && e.EndsWith(".json", StringComparison.Ordinal));
                SessionReport session = SessionJson.ReadFile(file);
                Assert.Equal(project, session.Name);
                Assert.Equal("testhost", session.Environment.EntryAssembly);
                Assert.Empty(session.Warnings);
                Assert.True(session.FindMethod(Square)?.Calls == 111, $"run {run}, {project}: {session.FindMethod(Square)?.Calls} calls of {Square}");
                Assert.Equal(1, session.FindMethod(SumOfSquares)?.Calls);
                Assert.Equal(1, session.FindMethod(SquareLaterAsync)?.Calls);
            }
        }

        output.WriteLine($"{Runs} runs: {clock.Elapsed.TotalSeconds:F1} s");
    }
}
