namespace Edm.Profiling.Tool.Tests;

/// <summary>
/// <c>edm-prof compare</c>: exit code 1 on a regression only when asked, 0 otherwise, 2 on bad input.
/// The regression is a call count (50 calls against 25), which the comparison judges exactly.
/// </summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public CompareCommandTests()
    {
        RecordedSessions.Write(_temp.File("base.json"), "compare-tests", calls: 25);
        RecordedSessions.Write(_temp.File("more.json"), "compare-tests", calls: 50);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_run_against_itself_passes_the_gate()
    {
        EdmProfRun run = EdmProfRun.Start(_temp.Path, "compare", "base.json", "base.json", "--fail-on-regression");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("against baseline 'compare-tests", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 unchanged", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("REGRESSED", run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void A_regression_fails_the_gate_only_when_asked_and_the_report_file_is_written_either_way()
    {
        EdmProfRun gate = EdmProfRun.Start(_temp.Path, "compare", "base.json", "more.json", "--fail-on-regression", "--out", "comment.md");
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains($"REGRESSED  {RecordedSessions.Step}", gate.Output, StringComparison.Ordinal);
        Assert.Equal(["wrote comment.md", "edm-prof: 2 methods regressed against compare-tests (--fail-on-regression)"], gate.ErrorLines);
        string comment = File.ReadAllText(_temp.File("comment.md"));
        Assert.Contains("🔴", comment, StringComparison.Ordinal);

        EdmProfRun report = EdmProfRun.Start(_temp.Path, "compare", "base.json", "more.json", "--format", "json");
        Assert.Equal(0, report.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(report.Output);
        Assert.True(json.RootElement.GetProperty("summary").GetProperty("hasRegression").GetBoolean());
        Assert.Equal(0.05, json.RootElement.GetProperty("timeThreshold").GetDouble());
    }

    [Fact]
    public void The_html_page_of_a_comparison_shows_the_current_sessions_timeline_as_report_does()
    {
        RecordedSessions.Write(_temp.File("timed.json"), "compare-tests", calls: 25, timeline: true);
        EdmProfRun run = EdmProfRun.Start(_temp.Path, "compare", "base.json", "timed.json", "--out", "page.html");
        Assert.True(run.ExitCode == 0, run.Error);
        string html = File.ReadAllText(_temp.File("page.html"));
        int open = html.IndexOf('>', html.IndexOf("<script type=\"application/json\"", StringComparison.Ordinal)) + 1;
        using var model = System.Text.Json.JsonDocument.Parse(html[open..html.IndexOf("</script>", open, StringComparison.Ordinal)]);
        Assert.True(model.RootElement.GetProperty("session").GetProperty("timeline").GetBoolean(), "the page said: Timeline: not recorded");
        Assert.Equal(System.Text.Json.JsonValueKind.Object, model.RootElement.GetProperty("comparison").ValueKind);
    }

    [Fact]
    public void The_threshold_is_a_percentage_or_a_share()
    {
        EdmProfRun percent = EdmProfRun.Start(_temp.Path, "compare", "base.json", "base.json", "--threshold", "12.5%");
        EdmProfRun share = EdmProfRun.Start(_temp.Path, "compare", "base.json", "base.json", "-t", "0.2");
        Assert.Equal(0, percent.ExitCode);
        Assert.Contains("time threshold 12.5%", percent.Output, StringComparison.Ordinal);
        Assert.Equal(0, share.ExitCode);
        Assert.Contains("time threshold 20.0%", share.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_one_line_on_standard_error_with_exit_code_2_even_with_the_gate_on()
    {
        File.WriteAllText(_temp.File("truncated.json"), File.ReadAllText(_temp.File("base.json"))[..200]);
        File.WriteAllText(_temp.File("keep.md"), "keep me");
        Directory.CreateDirectory(_temp.File("folder"));

        Expect(["compare", "base.json", "missing.json", "--fail-on-regression"], "missing.json: file not found");
        Expect(["compare", "folder", "base.json", "--fail-on-regression"], "folder: is a directory, not a session or baseline file");
        Expect(["compare", "truncated.json", "base.json", "--fail-on-regression", "--out", "keep.md"], "truncated.json (line ");
        Expect(["compare", "base.json", "more.json", "--threshold", "5", "--out", "keep.md"], "'5' is not a threshold; give a percentage such as 5%");
        Expect(["compare", "base.json", "more.json", "--threshold", "-5%"], "'-5%' is not a threshold");
        Expect(["compare", "base.json", "more.json", "--format", "svg"], "'svg' is not a report format");
        Expect(["compare", "base.json"], "edm-prof compare --help");
        Expect(["compare", "base.json", "more.json", "--out", "folder"], "folder: is a directory; --out takes a file name");

        Assert.Equal("keep me", File.ReadAllText(_temp.File("keep.md")));
    }

    private void Expect(string[] arguments, string message) =>
        EdmProfRun.Start(_temp.Path, arguments).AssertOneLineError(2, message);
}
