using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

[Collection(ProfilerCollection.Name)]
public sealed class ReportFormatsTests
{
    [Theory]
    [InlineData("console", ReportFormat.Console)]
    [InlineData("json", ReportFormat.Json)]
    [InlineData("md", ReportFormat.Markdown)]
    [InlineData("Markdown", ReportFormat.Markdown)]
    [InlineData("HTML", ReportFormat.Html)]
    [InlineData("speedscope", ReportFormat.Speedscope)]
    [InlineData("chrome", ReportFormat.Chrome)]
    [InlineData("perfetto", ReportFormat.Chrome)]
    [InlineData("folded", ReportFormat.Folded)]
    [InlineData("pprof", ReportFormat.Pprof)]
    public void Each_name_picks_its_format_and_writer(string name, ReportFormat format)
    {
        Assert.True(ReportFormats.TryParse(name, out ReportFormat parsed));
        Assert.Equal(format, parsed);
        Assert.Equal(format, ReportWriters.For(name).Format);
    }

    [Fact]
    public void Every_listed_name_round_trips_and_an_unknown_name_is_refused_with_the_list()
    {
        Assert.Equal(["console", "json", "md", "html", "speedscope", "chrome", "folded", "pprof"], ReportFormats.Names);
        foreach (ReportFormat format in Enum.GetValues<ReportFormat>())
        {
            Assert.True(ReportFormats.TryParse(format.Name(), out ReportFormat parsed));
            Assert.Equal(format, parsed);
            Assert.StartsWith(".", format.FileExtension(), StringComparison.Ordinal);
        }

        Assert.False(ReportFormats.TryParse("pdf", out _));
        var error = Assert.Throws<ArgumentException>(() => ReportWriters.For("pdf"));
        Assert.Contains("console, json, md, html, speedscope, chrome, folded, pprof", error.Message, StringComparison.Ordinal);
        Assert.Equal(".pb.gz", ReportFormat.Pprof.FileExtension());
        Assert.Equal([ReportFormat.Pprof], Enum.GetValues<ReportFormat>().Where(f => f.IsBinary()));
    }

    [Fact]
    public void Every_format_writes_a_session_and_a_comparison_whose_current_session_it_uses()
    {
        ComparisonReport comparison = SampleComparisons.Exact();
        foreach (ReportFormat format in Enum.GetValues<ReportFormat>())
        {
            IReportWriter writer = ReportWriters.For(format);
            Assert.NotEmpty(Bytes(writer, ReportContent.Of(SampleSessions.Exact())));
            Assert.NotEmpty(Bytes(writer, ReportContent.Of(comparison)));
            if (!format.IsBinary())
            {
                // The text a text format writes is the bytes it writes, in UTF-8.
                Assert.Equal(writer.WriteToString(ReportContent.Of(comparison)), System.Text.Encoding.UTF8.GetString(Bytes(writer, ReportContent.Of(comparison))));
            }
        }

        // Exports of a comparison draw its current run.
        Assert.Contains("App.LoadAsync()", ReportWriters.For(ReportFormat.Folded).WriteToString(ReportContent.Of(comparison)), StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_file_replaces_it_whole_and_leaves_the_old_file_when_writing_fails()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"edm-reports-{Guid.NewGuid():N}");
        string path = Path.Combine(directory, "out" + ReportFormat.Folded.FileExtension());
        try
        {
            IReportWriter folded = ReportWriters.For(ReportFormat.Folded);
            folded.WriteFile(ReportContent.Of(SampleSessions.Exact()), path);
            string first = File.ReadAllText(path);
            Assert.StartsWith("App.Main() 10000\n", first, StringComparison.Ordinal);

            Assert.Throws<ArgumentException>(() => folded.WriteFile(new ReportContent(), path));
            Assert.Equal(first, File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(directory)); // no temporary file left behind
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static byte[] Bytes(IReportWriter writer, ReportContent content)
    {
        using var stream = new MemoryStream();
        writer.Write(content, stream);
        return stream.ToArray();
    }
}
