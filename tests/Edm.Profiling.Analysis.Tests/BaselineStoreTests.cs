using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

public sealed class BaselineStoreTests
{
    private static Baseline Make(string commit, string? branch = "main", string? version = null, int minute = 0)
    {
        SessionReport session = Session("edm analyze", Environment(commit: commit, branch: branch), DateTimeOffset.UnixEpoch.AddMinutes(minute),
            new Method("Edm.Tracks.Analyzer.Fft(float[])", LogNormal(new Random(minute), 50, 8_000)));
        return Baseline.Merge("edm-analyze", [session], new BaselineOptions { Version = version, Clock = new FixedClock(DateTimeOffset.UnixEpoch.AddMinutes(minute)) });
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Saves_one_file_per_commit_and_loads_it_back_equal()
    {
        using var temp = new TempDirectory();
        var store = new BaselineStore(temp.Path);
        Baseline baseline = Make("a1b2c3d");
        BaselineEntry entry = store.Save(baseline);

        Assert.Equal(Path.Combine(temp.Path, "edm-analyze", "a1b2c3d.json"), entry.Path);
        Assert.True(File.Exists(entry.Path));
        Assert.Equal(baseline, store.Load("edm-analyze", "a1b2c3d"));
        Assert.Equal(["main"], entry.LatestOn);
    }

    [Fact]
    public void A_version_names_the_file_instead_of_the_commit()
    {
        using var temp = new TempDirectory();
        BaselineEntry entry = new BaselineStore(temp.Path).Save(Make("a1b2c3d", version: "1.4.0"));
        Assert.EndsWith(Path.Combine("edm-analyze", "1.4.0.json"), entry.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_branch_points_to_its_latest_and_listing_shows_which()
    {
        using var temp = new TempDirectory();
        var store = new BaselineStore(temp.Path);
        store.Save(Make("c1", minute: 1));
        store.Save(Make("c2", minute: 2));
        store.Save(Make("f1", branch: "feature/faster-fft", minute: 3));

        Assert.Equal("c2", store.LatestKey("edm-analyze", "main"));
        Assert.Equal("f1", store.LoadLatest("edm-analyze", "feature/faster-fft").Commit);
        Assert.True(File.Exists(Path.Combine(temp.Path, "edm-analyze", "branches", "feature%2Ffaster-fft.json")));
        Assert.Equal(["feature/faster-fft", "main"], store.Branches("edm-analyze").Select(p => p.Branch));

        IReadOnlyList<BaselineEntry> list = store.List();
        Assert.Equal(["c1", "c2", "f1"], list.Select(e => e.Key));
        Assert.Empty(list[0].LatestOn);
        Assert.Equal(["main"], list[1].LatestOn);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(2), list[1].CreatedAt);
    }

    [Fact]
    public void Saving_over_an_existing_baseline_needs_overwrite_and_the_old_file_stays_otherwise()
    {
        using var temp = new TempDirectory();
        var store = new BaselineStore(temp.Path);
        BaselineEntry entry = store.Save(Make("c1", minute: 1));
        byte[] before = File.ReadAllBytes(entry.Path);

        var e = Assert.Throws<AnalysisException>(() => store.Save(Make("c1", minute: 2)));
        Assert.Equal($"{entry.Path}: baseline 'edm-analyze' at 'c1' already exists; replace it explicitly (overwrite) or use another version", e.Message);
        Assert.Equal(before, File.ReadAllBytes(entry.Path));

        store.Save(Make("c1", minute: 2), overwrite: true);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(2), store.Load("edm-analyze", "c1").CreatedAt);
    }

    [Fact]
    public void Delete_removes_the_file_and_the_pointers_to_it()
    {
        using var temp = new TempDirectory();
        var store = new BaselineStore(temp.Path);
        store.Save(Make("c1", minute: 1));
        store.Save(Make("c2", minute: 2));

        Assert.Equal(["main"], store.Delete("edm-analyze", "c2"));
        Assert.Null(store.LatestKey("edm-analyze", "main"));
        Assert.Equal(["c1"], store.List("edm-analyze").Select(e => e.Key));
        var e = Assert.Throws<AnalysisException>(() => store.Delete("edm-analyze", "c2"));
        Assert.Contains("no baseline 'edm-analyze' at 'c2' to delete", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_baselines_and_unusable_names_are_user_errors_in_one_line()
    {
        using var temp = new TempDirectory();
        var store = new BaselineStore(temp.Path);
        store.Save(Make("c1"));

        var missing = Assert.Throws<AnalysisException>(() => store.Load("edm-analyze", "zzz"));
        Assert.EndsWith("no baseline 'edm-analyze' at 'zzz' (stored: c1)", missing.Message, StringComparison.Ordinal);
        var noBranch = Assert.Throws<AnalysisException>(() => store.LoadLatest("edm-analyze", "release"));
        Assert.EndsWith("no baseline 'edm-analyze' has been saved on branch 'release'", noBranch.Message, StringComparison.Ordinal);
        var traversal = Assert.Throws<AnalysisException>(() => store.Load("../etc", "c1"));
        Assert.Contains("cannot name a file", traversal.Message, StringComparison.Ordinal);
        var noKey = Assert.Throws<AnalysisException>(() => store.Save(Make("c1") with { Commit = null }));
        Assert.Contains("neither a version nor a commit", noKey.Message, StringComparison.Ordinal);
        Assert.All([missing, noBranch, traversal, noKey], e => Assert.DoesNotContain('\n', e.Message));
    }

    [Fact]
    public void A_directory_where_the_file_should_be_fails_clearly_and_nothing_else_changes()
    {
        using var temp = new TempDirectory();
        var store = new BaselineStore(temp.Path);
        Directory.CreateDirectory(Path.Combine(temp.Path, "edm-analyze", "c1.json"));
        var e = Assert.Throws<AnalysisException>(() => store.Save(Make("c1"), overwrite: true));
        Assert.Contains("is a directory", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "edm-analyze", "branches")));

        var load = Assert.Throws<AnalysisException>(() => store.Load("edm-analyze", "c1"));
        Assert.EndsWith("c1.json: is a directory, not a baseline file", load.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_killed_mid_save_leaves_the_old_baseline_intact()
    {
        using var temp = new TempDirectory();
        var store = new BaselineStore(temp.Path);
        Baseline old = Make("k1");
        BaselineEntry entry = store.Save(old with { Name = "big" });
        byte[] before = File.ReadAllBytes(entry.Path);
        string directory = Path.GetDirectoryName(entry.Path)!;

        // The writer builds a ~30 MB baseline and saves it over big/k1.json; kill it once its temp file exists.
        using var writer = WriterProcess.Start("save", temp.Path, "big", "k1", "3000", "1000");
        string? temporary = null;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (temporary is null && !writer.HasExited && watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            temporary = Directory.EnumerateFiles(directory, ".k1.json.*.tmp").FirstOrDefault(f => new FileInfo(f).Length > 0);
            Thread.Sleep(1);
        }

        writer.Kill(entireProcessTree: true);
        writer.WaitForExit();
        Assert.True(temporary is not null, "the writer was never caught mid-save");

        Assert.Equal(before, File.ReadAllBytes(entry.Path));
        Assert.Equal(old with { Name = "big" }, store.Load("big", "k1"));
        Assert.Equal(["k1"], store.List("big").Select(e => e.Key)); // the orphaned temp file is not a baseline
    }
}
