using Edm.Profiling.Analysis;

namespace Edm.Profiling.Tool.Tests;

/// <summary><c>edm-prof baseline save|list|show|delete</c> on a store in a temporary folder.</summary>
public sealed class BaselineCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string[] _runs;

    public BaselineCommandTests() =>
        _runs = [.. Enumerable.Range(1, 5).Select(i => RecordedSessions.Write(_temp.File($"run{i}.json"), "baseline-tests", calls: 10))];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Save_list_show_and_delete_a_baseline()
    {
        EdmProfRun save = EdmProfRun.Start(_temp.Path, ["baseline", "save", "tests", .. _runs, "--version", "1.2.0", "--branch", "main", "--root", "store"]);
        Assert.True(save.ExitCode == 0, save.Error);
        string path = Path.Combine("store", "tests", "1.2.0.json");
        Assert.Equal($"saved baseline 'tests' at 1.2.0: {path} (5 runs, 2 methods); latest on branch main\n", save.Output.ReplaceLineEndings("\n"));
        // Five files, but standard error is not a terminal: no progress bar, nothing on it.
        Assert.Equal("", save.Error);

        Baseline stored = BaselineJson.ReadFile(_temp.File(path));
        Assert.Equal(5, stored.Runs.Count);
        Assert.Equal(50, stored.Methods.Single(m => stored.Probes[m.ProbeId].Name == RecordedSessions.Step).Calls);

        EdmProfRun second = EdmProfRun.Start(_temp.Path, "baseline", "save", "tests", _runs[0], "--version", "1.3.0", "--root", "store");
        Assert.Equal(0, second.ExitCode);

        EdmProfRun list = EdmProfRun.Start(_temp.Path, "baseline", "list", "--root", "store");
        Assert.Equal(0, list.ExitCode);
        string[] rows = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("name", rows[0], StringComparison.Ordinal);
        Assert.Matches(@"^tests\s+1\.2\.0\s+1\.2\.0\s.*\smain$", rows[2]);
        Assert.Matches(@"^tests\s+1\.3\.0\s+1\.3\.0\s.*\s-$", rows[3]);

        EdmProfRun latest = EdmProfRun.Start(_temp.Path, "baseline", "show", "tests", "--root", "store");
        Assert.Equal(0, latest.ExitCode);
        Assert.StartsWith("baseline 'tests' at 1.3.0", latest.Output, StringComparison.Ordinal);
        EdmProfRun onMain = EdmProfRun.Start(_temp.Path, "baseline", "show", "tests", "--branch", "main", "--root", "store");
        Assert.StartsWith("baseline 'tests' at 1.2.0", onMain.Output, StringComparison.Ordinal);
        Assert.Contains("5 runs of 'baseline-tests'", onMain.Output, StringComparison.Ordinal);
        Assert.Contains(RecordedSessions.Step, onMain.Output, StringComparison.Ordinal);

        EdmProfRun delete = EdmProfRun.Start(_temp.Path, "baseline", "delete", "tests", "1.2.0", "--root", "store");
        Assert.Equal(0, delete.ExitCode);
        Assert.Contains("no longer the latest on main", delete.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File(path)));
        Assert.True(File.Exists(_temp.File(Path.Combine("store", "tests", "1.3.0.json"))));
    }

    [Fact]
    public void An_existing_baseline_is_replaced_only_with_force()
    {
        string path = _temp.File(Path.Combine("store", "tests", "2.0.0.json"));
        Assert.Equal(0, EdmProfRun.Start(_temp.Path, "baseline", "save", "tests", _runs[0], "--version", "2.0.0", "--root", "store").ExitCode);
        byte[] before = File.ReadAllBytes(path);

        EdmProfRun again = EdmProfRun.Start(_temp.Path, ["baseline", "save", "tests", .. _runs, "--version", "2.0.0", "--root", "store"]);
        again.AssertOneLineError(2, "baseline 'tests' at '2.0.0' already exists");
        Assert.Equal(before, File.ReadAllBytes(path));

        EdmProfRun forced = EdmProfRun.Start(_temp.Path, ["baseline", "save", "tests", .. _runs, "--version", "2.0.0", "--root", "store", "--force"]);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(5, BaselineJson.ReadFile(path).Runs.Count);
    }

    [Fact]
    public void Bad_input_is_one_line_on_standard_error_with_exit_code_2_and_nothing_is_stored()
    {
        File.WriteAllText(_temp.File("empty.json"), "");
        Directory.CreateDirectory(_temp.File("folder"));

        Expect(["baseline", "save", "tests", _runs[0], "missing.json", "--version", "1.0", "--root", "store"], "missing.json: file not found");
        Expect(["baseline", "save", "tests", "empty.json", "--version", "1.0", "--root", "store"], "empty.json");
        Expect(["baseline", "save", "tests", "folder", "--version", "1.0", "--root", "store"], "folder: is a directory");
        Expect(["baseline", "save", "no/slashes", _runs[0], "--version", "1.0", "--root", "store"], "cannot name a file");
        Expect(["baseline", "save", "tests", "--root", "store"], "edm-prof baseline save --help");
        Expect(["baseline", "show", "tests", "--root", "store"], "no baseline 'tests'");
        Expect(["baseline", "show", "tests", "9.9", "--root", "store"], "no baseline 'tests' at '9.9'");
        Expect(["baseline", "delete", "tests", "9.9", "--root", "store"], "no baseline 'tests' at '9.9' to delete");
        Expect(["baseline", "rename", "tests"], "unknown command, option or argument 'rename'");
        Assert.False(Directory.Exists(_temp.File("store")) && Directory.EnumerateFiles(_temp.File("store"), "*", SearchOption.AllDirectories).Any());

        EdmProfRun empty = EdmProfRun.Start(_temp.Path, "baseline", "list", "--root", "store");
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal("no baselines in store", empty.Output.Trim());
    }

    private void Expect(string[] arguments, string message) =>
        EdmProfRun.Start(_temp.Path, arguments).AssertOneLineError(2, message);
}
