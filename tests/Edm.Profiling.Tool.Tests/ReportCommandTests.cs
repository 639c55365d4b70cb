using System.Text.Json;
using System.Text.RegularExpressions;

namespace Edm.Profiling.Tool.Tests;

/// <summary><c>edm-prof report</c>: every format, to a file or standard output, and what bad input gets.</summary>
public sealed partial class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _session;

    public ReportCommandTests() => _session = RecordedSessions.Write(_temp.File("run.json"), "report-tests", calls: 20, timeline: true);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Each_format_is_written_to_the_file_named_and_the_format_follows_the_file_name_when_not_given()
    {
        (string File, string[] Arguments)[] cases =
        [
            ("inferred.html", []),
            ("inferred.md", []),
            ("inferred.folded", []),
            ("inferred.speedscope.json", []),
            ("inferred.trace.json", []),
            ("inferred.pb.gz", []),
            ("inferred.json", []),
            ("explicit.out", ["--format", "chrome"]),
            ("plain.txt", []),
        ];
        foreach ((string file, string[] arguments) in cases)
        {
            EdmProfRun run = EdmProfRun.Start(_temp.Path, ["report", "run.json", "--out", file, .. arguments]);
            Assert.True(run.ExitCode == 0, $"{file}: {run.Error}");
            Assert.Equal("", run.Output);
            Assert.Equal($"wrote {file}", Assert.Single(run.ErrorLines));
        }

        Assert.StartsWith("<!DOCTYPE html>", Read("inferred.html"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ToolTests.step", Read("inferred.md"), StringComparison.Ordinal);
        Assert.All(File.ReadAllLines(_temp.File("inferred.folded")), line => Assert.Matches(FoldedLine(), line));
        Assert.Contains($"{RecordedSessions.Step};{RecordedSessions.Inner} ", Read("inferred.folded"), StringComparison.Ordinal);
        using (JsonDocument speedscope = JsonDocument.Parse(Read("inferred.speedscope.json")))
        {
            Assert.Equal("https://www.speedscope.app/file-format-schema.json", speedscope.RootElement.GetProperty("$schema").GetString());
        }

        foreach (string chrome in new[] { "inferred.trace.json", "explicit.out" })
        {
            using JsonDocument trace = JsonDocument.Parse(Read(chrome));
            Assert.Contains(trace.RootElement.GetProperty("traceEvents").EnumerateArray(), e => e.GetProperty("name").GetString() == RecordedSessions.Step);
        }

        // pprof: gzipped protobuf whose string table names the probes.
        using (var gzip = new System.IO.Compression.GZipStream(File.OpenRead(_temp.File("inferred.pb.gz")), System.IO.Compression.CompressionMode.Decompress))
        using (var proto = new MemoryStream())
        {
            gzip.CopyTo(proto);
            Assert.Contains(RecordedSessions.Step, System.Text.Encoding.UTF8.GetString(proto.ToArray()), StringComparison.Ordinal);
        }

        // json is the session format itself: it reads back as the same session.
        Assert.Equal(SessionJson.ReadFile(_session), SessionJson.ReadFile(_temp.File("inferred.json")));
        Assert.StartsWith("Session 'report-tests'", Read("plain.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_out_the_report_goes_to_standard_output_plain_when_redirected()
    {
        EdmProfRun console = EdmProfRun.Start(_temp.Path, "report", "run.json");
        Assert.Equal(0, console.ExitCode);
        Assert.StartsWith("Session 'report-tests'", console.Output, StringComparison.Ordinal);
        Assert.Contains(RecordedSessions.Step, console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", console.Output, StringComparison.Ordinal);
        Assert.Equal("", console.Error);

        EdmProfRun folded = EdmProfRun.Start(_temp.Path, "report", "run.json", "--format", "folded");
        Assert.Equal(0, folded.ExitCode);
        Assert.All(folded.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(FoldedLine(), line));
    }

    [Fact]
    public void With_a_baseline_the_report_holds_the_verdicts()
    {
        RecordedSessions.Write(_temp.File("fewer.json"), "report-tests", calls: 10);
        EdmProfRun run = EdmProfRun.Start(_temp.Path, "report", "run.json", "--baseline", "fewer.json", "--format", "md");
        Assert.True(run.ExitCode == 0, run.Error);

        // 20 calls against 10: the deterministic call count regressed.
        Assert.Contains("🔴", run.Output, StringComparison.Ordinal);
        Assert.Contains("Regressed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_one_line_on_standard_error_with_exit_code_2_and_nothing_is_overwritten()
    {
        File.WriteAllText(_temp.File("malformed.json"), "{\n  \"schemaVersion\": \"1.0\",\n  \"name\": 42\n");
        File.WriteAllText(_temp.File("keep.html"), "keep me");
        Directory.CreateDirectory(_temp.File("folder"));

        Expect(["report", "missing.json"], "missing.json: file not found");
        Expect(["report", "folder"], "folder: is a directory, not a session file");
        Expect(["report", "malformed.json", "--out", "keep.html"], "malformed.json (line ");
        Expect(["report", "run.json", "--format", "pdf", "--out", "keep.html"], "'pdf' is not a report format; use one of console, json, md, html, speedscope, chrome, folded, pprof");
        Expect(["report", "run.json", "--out", "folder"], "folder: is a directory; --out takes a file name");
        Expect(["report", "run.json", "--baseline", "missing.json", "--out", "keep.html"], "missing.json: file not found");
        Expect(["report", "run.json", "--threshold", "five", "--out", "keep.html"], "'five' is not a threshold");
        Expect(["report"], "edm-prof report --help");
        Expect(["report", "run.json", "--colour"], "unknown command, option or argument '--colour'");

        Assert.Equal("keep me", Read("keep.html"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.File("folder")));
        Assert.DoesNotContain(Directory.GetFiles(_temp.Path), f => Path.GetFileName(f).StartsWith('.'));
    }

    private void Expect(string[] arguments, string message) =>
        EdmProfRun.Start(_temp.Path, arguments).AssertOneLineError(2, message);

    private string Read(string name) => File.ReadAllText(_temp.File(name));

    [GeneratedRegex(@"^[^ ]+( [^ ]+)* \d+$")]
    private static partial Regex FoldedLine();
}
