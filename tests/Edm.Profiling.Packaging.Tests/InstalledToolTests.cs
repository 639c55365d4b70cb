using System.Text.Json;
using Edm.Profiling.Packaging.Tests.Support;

namespace Edm.Profiling.Packaging.Tests;

/// <summary>edm-prof installed from the packed feed with <c>dotnet tool install --tool-path</c>, run on the packaged app.</summary>
[Collection(PackagedAppCollection.Name)]
public sealed class InstalledToolTests(PackagedApp app)
{
    [Fact]
    public void Edm_prof_report_shows_the_apps_session()
    {
        string session = Path.Combine(app.NewFolder("report-run"), "app.json");
        ProcessRun.Dotnet(app.Root, [app.ProfiledDll], new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = session }).AssertExitCode();

        ProcessRun report = EdmProf(app.Root, "report", session).AssertExitCode();
        Assert.Contains("Session 'ProfiledApp'", report.Output, StringComparison.Ordinal);
        Assert.Contains(ConsumerAppTests.Fibonacci, report.Output, StringComparison.Ordinal);
        Assert.Contains("app.describe", report.Output, StringComparison.Ordinal);

        // The folded stacks a flame graph tool reads: recursion shows as nested frames, values in nanoseconds.
        string folded = Path.Combine(app.Root, "report-run", "app.folded");
        EdmProf(app.Root, "report", session, "--format", "folded", "--out", folded).AssertExitCode();
        string[] lines = File.ReadAllLines(folded);
        Assert.Contains(lines, l => l.StartsWith($"{ConsumerAppTests.Fibonacci};{ConsumerAppTests.Fibonacci};", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@" \d+$", l));

        string html = Path.Combine(app.Root, "report-run", "app.html");
        EdmProf(app.Root, "report", session, "--out", html).AssertExitCode();
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(html), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Edm_prof_run_profiles_the_app_and_passes_its_output_through()
    {
        string folder = app.NewFolder("tool-run");
        ProcessRun run = EdmProf(folder, "run", "--", "dotnet", app.ProfiledDll).AssertExitCode();

        // Standard output is exactly the program's; the report and the file lines go to standard error.
        Assert.Equal(ConsumerAppTests.ExpectedOutput(20, 6765), run.Output);
        Assert.Contains(ConsumerAppTests.Fibonacci, run.Error, StringComparison.Ordinal);
        Assert.Contains("session: .edm/", run.Error, StringComparison.Ordinal);
        SessionReport session = SessionJson.ReadFile(Assert.Single(Directory.GetFiles(Path.Combine(folder, ".edm"), "*.json")));
        Assert.Equal(ConsumerAppTests.FibonacciCalls20, session.FindMethod(ConsumerAppTests.Fibonacci)?.Calls);

        // With a timeline and reports beside the session.
        EdmProf(folder, "run", "--timeline", "--format", "html,speedscope", "--out", "profiles", "--", "dotnet", app.ProfiledDll).AssertExitCode();
        string sessionFile = Assert.Single(Directory.GetFiles(Path.Combine(folder, "profiles"), "*.json"), f => !f.EndsWith(".speedscope.json", StringComparison.Ordinal));
        Assert.NotNull(SessionJson.ReadFile(sessionFile).Timeline);
        string stem = sessionFile[..^".json".Length];
        Assert.True(File.Exists(stem + ".html"), "no HTML report beside the session");
        Assert.Contains("speedscope", File.ReadAllText(stem + ".speedscope.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Edm_prof_run_on_a_build_without_probes_says_so_and_leaves_the_programs_output_alone()
    {
        ProcessRun run = EdmProf(app.Root, "run", "--out", Path.Combine(app.Root, "plain-tool-run"), "--", "dotnet", app.PlainDll).AssertExitCode();
        Assert.Equal(ConsumerAppTests.ExpectedOutput(20, 6765), run.Output);
        Assert.Contains("no session", run.Error, StringComparison.Ordinal);
        Assert.Contains("-p:EdmProfiling=true", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CI_gate_of_the_guide_fails_on_a_regression_and_passes_an_unchanged_run()
    {
        // docs/profiling.md, "Gating a CI job": runs of the base build into a baseline, runs of the change into
        // another, compare with --fail-on-regression. The change here makes more calls (Fibonacci(22) instead of
        // Fibonacci(20)): call counts are deterministic, so the verdict does not depend on timing.
        string root = app.NewFolder("ci-gate");
        for (int i = 0; i < 2; i++)
        {
            EdmProf(root, "run", "-q", "--out", "base-runs", "--", "dotnet", app.ProfiledDll, "20").AssertExitCode();
            EdmProf(root, "run", "-q", "--out", "pr-runs", "--", "dotnet", app.ProfiledDll, "22").AssertExitCode();
        }

        EdmProf(root, ["baseline", "save", "app", .. Directory.GetFiles(Path.Combine(root, "base-runs"), "*.json"), "--root", ".edm/base", "--commit", "base"]).AssertExitCode();
        EdmProf(root, ["baseline", "save", "app", .. Directory.GetFiles(Path.Combine(root, "pr-runs"), "*.json"), "--root", ".edm/pr", "--commit", "head"]).AssertExitCode();

        ProcessRun gate = EdmProf(root, "compare", ".edm/base/app/base.json", ".edm/pr/app/head.json", "--fail-on-regression", "--out", "comment.md");
        gate.AssertExitCode(1);
        Assert.Contains("1 method regressed", gate.Error, StringComparison.Ordinal);
        string comment = File.ReadAllText(Path.Combine(root, "comment.md"));
        Assert.Contains("Fibonacci", comment, StringComparison.Ordinal);
        Assert.Contains("21891 to 57313", comment.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // An unchanged program: the call counts match, whatever the timings say.
        EdmProf(root, "run", "-q", "--out", "same-run", "--", "dotnet", app.ProfiledDll, "20").AssertExitCode();
        string same = Assert.Single(Directory.GetFiles(Path.Combine(root, "same-run"), "*.json"));
        EdmProf(root, "compare", ".edm/base/app/base.json", same, "--format", "json", "--out", "same.json").AssertExitCode();
        using JsonDocument comparison = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "same.json")));
        JsonElement fibonacci = comparison.RootElement.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("name").GetString() == ConsumerAppTests.Fibonacci);
        JsonElement calls = fibonacci.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "Calls");
        Assert.Equal("Unchanged", calls.GetProperty("verdict").GetString());
    }

    [Fact]
    public void The_history_of_the_guide_follows_call_counts_across_commits()
    {
        // docs/profiling.md, "History": runs recorded with EDM_COMMIT, imported, followed and exported.
        string root = app.NewFolder("history");
        ProcessRun.Start(root, app.EdmProf, ["run", "-q", "--out", "runs", "--", "dotnet", app.ProfiledDll, "20"], new Dictionary<string, string> { ["EDM_COMMIT"] = "aaa1111" }).AssertExitCode();
        ProcessRun.Start(root, app.EdmProf, ["run", "-q", "--out", "runs", "--", "dotnet", app.ProfiledDll, "22"], new Dictionary<string, string> { ["EDM_COMMIT"] = "bbb2222" }).AssertExitCode();

        ProcessRun import = EdmProf(root, ["history", "import", "history.db", .. Directory.GetFiles(Path.Combine(root, "runs"), "*.json")]).AssertExitCode();
        Assert.Equal(2, import.Output.Split('\n').Count(l => l.StartsWith("imported ", StringComparison.Ordinal)));

        ProcessRun trend = EdmProf(root, "history", "trend", "history.db", ConsumerAppTests.Fibonacci, "--metric", "calls").AssertExitCode();
        string[] lines = trend.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"{ConsumerAppTests.Fibonacci}: calls per run, 2 commits", lines[0]);
        Assert.Matches(@"^aaa1111\s.*\s21891$", lines[^2].Replace(",", "", StringComparison.Ordinal));
        Assert.Matches(@"^bbb2222\s.*\s57313\s+\+161\.8%", lines[^1].Replace(",", "", StringComparison.Ordinal));

        EdmProf(root, "history", "export", "history.db", "--out", "trends.csv").AssertExitCode();
        string[] csv = File.ReadAllLines(Path.Combine(root, "trends.csv"));
        Assert.Equal("method,metric,commit,recorded_at,value,step", csv[0]);
        Assert.Contains(csv, row => row.StartsWith($"{ConsumerAppTests.Fibonacci},WallTime,bbb2222,", StringComparison.Ordinal));
    }

    private ProcessRun EdmProf(string workingDirectory, params string[] arguments) =>
        ProcessRun.Start(workingDirectory, app.EdmProf, arguments);
}
