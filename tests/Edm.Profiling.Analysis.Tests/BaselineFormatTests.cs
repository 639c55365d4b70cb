using System.Text.RegularExpressions;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>Format stability: the 1.0 file checked in beside these tests must load, forever.</summary>
public sealed partial class BaselineFormatTests
{
    internal static string CheckedInPath => Path.Combine(AppContext.BaseDirectory, "Data", "baseline-1.0.json");

    /// <summary>The 1.1 file: the 1.0 one with each run's medians per method.</summary>
    internal static string CheckedIn11Path => Path.Combine(AppContext.BaseDirectory, "Data", "baseline-1.1.json");

    [Fact]
    public void The_checked_in_1_0_baseline_loads_with_its_figures()
    {
        Baseline baseline = BaselineJson.ReadFile(CheckedInPath);

        Assert.Equal("1.0", baseline.SchemaVersion);
        Assert.Equal("edm-analyze", baseline.Name);
        Assert.Equal("edm analyze", baseline.Command);
        Assert.Equal("0.3.0", baseline.Key);
        Assert.Equal("c0ffee1", baseline.Commit);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture), baseline.CreatedAt);
        Assert.Equal(2, baseline.Runs.Count);
        Assert.Equal("f1n9e7", baseline.Environment.MachineFingerprint);
        Assert.Equal(16, baseline.Settings.SampleReservoirSize);

        SessionReport report = baseline.ToSessionReport();
        MethodStatistics fft = report.FindMethod("Edm.Tracks.Analyzer.Fft(float[])")!;
        Assert.Equal(48, fft.Calls);
        Assert.Equal(16, fft.Samples!.DurationsNs.Count);
        Assert.Equal(48, fft.Samples.Population);
        Assert.Equal(4096, fft.Allocations!.AllocatedBytes / fft.Allocations.Calls);
        Assert.Equal(Layer.Detailed, report.FindProbe(fft.ProbeId)!.Layer);
        Assert.Equal(1_510_877, report.FindMethod("Edm.Tracks.WavReader.Read(string)")!.MinNs);
    }

    [Fact]
    public void The_writer_still_writes_the_checked_in_file_byte_for_byte()
    {
        // The writer writes 1.1, so the 1.1 file is the one it must reproduce; the 1.0 file still loads (above).
        string text = File.ReadAllText(CheckedIn11Path).ReplaceLineEndings("\n");
        Assert.Equal(text.TrimEnd(), BaselineJson.Serialize(BaselineJson.ReadFile(CheckedIn11Path)).ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public void The_checked_in_1_1_baseline_loads_with_each_runs_medians_and_a_1_0_file_has_none()
    {
        Baseline baseline = BaselineJson.ReadFile(CheckedIn11Path);
        Assert.Equal("1.1", baseline.SchemaVersion);
        Assert.Equal([7789, 241848, 1525350], baseline.Runs[0].MedianNs);
        Assert.Equal([8186, 254187, 1603174], baseline.Runs[1].MedianNs);
        Assert.All(BaselineJson.ReadFile(CheckedInPath).Runs, r => Assert.Empty(r.MedianNs));
    }

    [Fact]
    public void A_checked_in_baseline_compared_with_itself_is_unchanged()
    {
        Baseline baseline = BaselineJson.ReadFile(CheckedInPath);
        ComparisonReport report = RegressionDetector.Compare(baseline, baseline);
        Assert.Null(report.IncomparableReason);
        Assert.DoesNotContain(report.Methods, m => m.Verdict is Verdict.Regressed or Verdict.Improved);
        Assert.Equal("edm-analyze@0.3.0", report.BaselineName);
    }

    [Fact]
    public void A_newer_minor_version_with_unknown_fields_loads()
    {
        string text = File.ReadAllText(CheckedInPath)
            .Replace("\"schemaVersion\": \"1.0\",\n  \"name\"", "\"schemaVersion\": \"1.7\",\n  \"retention\": { \"days\": 90, \"tags\": [\"nightly\"] },\n  \"name\"", StringComparison.Ordinal)
            .Replace("\"probeId\": 0,", "\"probeId\": 0,\n      \"p999Ns\": 9000,\n      \"energy\": { \"joules\": 0.25 },", StringComparison.Ordinal)
            .Replace("\"session\": \"edm analyze\",", "\"session\": \"edm analyze\",\n      \"host\": \"ci-runner-7\",", StringComparison.Ordinal);
        Assert.Contains("\"1.7\"", text, StringComparison.Ordinal);
        Assert.Contains("p999Ns", text, StringComparison.Ordinal);

        Baseline newer = BaselineJson.Deserialize(text, "newer.json");
        Baseline current = BaselineJson.ReadFile(CheckedInPath);
        Assert.Equal("1.7", newer.SchemaVersion);
        Assert.Equal(current with { SchemaVersion = "1.7" }, newer);
    }

    [Fact]
    public void An_unknown_major_version_fails_naming_the_version_and_where_it_is()
    {
        string text = File.ReadAllText(CheckedInPath).Replace("\"schemaVersion\": \"1.0\",\n  \"name\"", "\"schemaVersion\": \"2.0\",\n  \"name\"", StringComparison.Ordinal);
        var e = Assert.Throws<AnalysisException>(() => BaselineJson.Deserialize(text, "future.json"));
        Assert.Equal("future.json (line 3, byte 19): schemaVersion 2.0 is not supported: this reader reads 1.x (see docs/baseline-format.md, 'Versioning') at $.schemaVersion", e.Message);
    }

    [GeneratedRegex(@"\(line \d+, byte \d+\)")]
    internal static partial Regex LineAndByte();
}
