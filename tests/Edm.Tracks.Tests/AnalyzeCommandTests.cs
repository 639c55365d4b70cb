using System.Text.Json;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

public sealed class AnalyzeCommandTests
{
    [Fact]
    public void Json_output_carries_every_figure()
    {
        using var folder = new TempDirectory();
        string path = folder.File("house.wav");
        TestTracks.WriteWav(path, TestTracks.Render(128));

        EdmRun run = EdmRun.InProcess("analyze", path, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement track = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(path, track.GetProperty("file").GetString());
        Assert.Equal(10.0, track.GetProperty("durationSeconds").GetDouble(), precision: 2);
        Assert.Equal(22_050, track.GetProperty("sampleRate").GetInt32());
        Assert.Equal(1, track.GetProperty("channels").GetInt32());
        Assert.InRange(track.GetProperty("bpm").GetDouble(), 128 * 0.96, 128 * 1.04);
        double[] beats = [.. track.GetProperty("beats").EnumerateArray().Select(b => b.GetDouble())];
        Assert.InRange(beats.Length, 14, 20); // 8 s of drums at 128 BPM is 18 beats
        Assert.InRange(track.GetProperty("peakDbfs").GetDouble(), -1.1, -0.9); // the generator normalises to −1 dBFS
        Assert.True(track.GetProperty("rmsDbfs").GetDouble() < track.GetProperty("peakDbfs").GetDouble());
        Assert.InRange(track.GetProperty("spectralCentroidHz").GetDouble(), 100, 11_025);
    }

    [Fact]
    public void Table_output_has_a_row_per_file()
    {
        using var folder = new TempDirectory();
        string first = folder.File("one.wav");
        string second = folder.File("two.wav");
        TestTracks.WriteWav(first, TestTracks.Render(90));
        TestTracks.WriteWav(second, TestTracks.Render(174));

        EdmRun run = EdmRun.InProcess("analyze", first, second);

        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // header, rule, two rows: plain text because output is captured
        Assert.StartsWith("File", lines[0], StringComparison.Ordinal);
        Assert.Contains("BPM", lines[0], StringComparison.Ordinal);
        Assert.Contains(first, lines[2], StringComparison.Ordinal);
        Assert.Contains(second, lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal); // no ANSI escapes
    }
}
