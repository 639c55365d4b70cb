using Edm.Tracks.Evaluation;

namespace Edm.Tracks.Tests;

public sealed class LabelFileTests
{
    [Fact]
    public void Reads_quoted_fields_extra_columns_and_any_column_order()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(
            folder.File(LabelFile.FileName),
            "style,bpm,file\nhouse,124.5,\"a, remix.wav\"\n\ntechno,140,\"say \"\"hi\"\".wav\"\n");

        IReadOnlyList<TempoLabel> labels = LabelFile.Read(folder.Path);

        Assert.Equal(2, labels.Count);
        Assert.Equal(new TempoLabel("a, remix.wav", 124.5, 2), labels[0]);
        Assert.Equal(new TempoLabel("say \"hi\".wav", 140, 4), labels[1]);
    }

    [Fact]
    public void Format_round_trips_through_read()
    {
        using var folder = new TempDirectory();
        string text = LabelFile.Format(["note"], [("x,y.wav", 99.5, ["a \"quote\""]), ("z.wav", 174, ["plain"])]);
        File.WriteAllText(folder.File(LabelFile.FileName), text);

        IReadOnlyList<TempoLabel> labels = LabelFile.Read(folder.Path);

        Assert.Equal(["x,y.wav", "z.wav"], labels.Select(l => l.File));
        Assert.Equal([99.5, 174.0], labels.Select(l => l.Bpm));
    }

    [Theory]
    [InlineData("name,tempo\na.wav,120\n", "labels.csv:1: the header must name the columns file and bpm")]
    [InlineData("file,bpm\na.wav,-3\n", "labels.csv:2: bpm '-3' is not a positive number")]
    [InlineData("file,bpm\na.wav,120\na.wav,121\n", "labels.csv:3: a.wav is labelled twice")]
    [InlineData("file,bpm\n\"a.wav,120\n", "labels.csv:2: unterminated quote")]
    [InlineData("file,bpm\n", "labels.csv: no labelled files")]
    public void Malformed_files_are_reported_with_their_line(string content, string expected)
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File(LabelFile.FileName), content);

        InputException error = Assert.Throws<InputException>(() => LabelFile.Read(folder.Path));

        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
