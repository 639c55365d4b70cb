using System.Globalization;
using System.Text.RegularExpressions;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

[Collection(ProfilerCollection.Name)]
public sealed partial class FoldedStackWriterTests
{
    // Frames with no ';', no line break, not empty; the value after the last space.
    [GeneratedRegex(@"^(?<stack>[^;\r\n]+(?:;[^;\r\n]+)*) (?<value>[1-9][0-9]*)$")]
    private static partial Regex FoldedLine();

    [Fact]
    public void Each_path_with_self_time_is_one_line_with_its_self_nanoseconds()
    {
        string text = new FoldedStackWriter().WriteToString(ReportContent.Of(SampleSessions.Exact()));
        Assert.Equal(
            "App.Main() 10000\nApp.Main();App.Parse(String) 45000\nApp.Main();App.Parse(String);App.Lex%3BScan 15000\nApp.Main();App.Emit() 30000\n",
            text);
    }

    [Fact]
    public void Microseconds_and_allocated_bytes_can_be_counted_instead()
    {
        SessionReport session = SampleSessions.Exact();
        Assert.Equal(
            "App.Main() 10\nApp.Main();App.Parse(String) 45\nApp.Main();App.Parse(String);App.Lex%3BScan 15\nApp.Main();App.Emit() 30\n",
            new FoldedStackWriter(FoldedValue.SelfMicroseconds).WriteToString(ReportContent.Of(session)));
        Assert.Equal("App.Main();App.Emit() 4096\n", new FoldedStackWriter(FoldedValue.SelfAllocatedBytes).WriteToString(ReportContent.Of(session)));
    }

    [Fact]
    public void A_recorded_session_folds_to_valid_lines_that_add_up_to_its_self_time()
    {
        SessionReport session = SampleSessions.WithoutTimeline;
        string text = new FoldedStackWriter().WriteToString(ReportContent.Of(session));
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(session.CallTree.Count(n => n.SelfNs > 0), lines.Length);
        long sum = 0;
        foreach (string line in lines)
        {
            Match match = FoldedLine().Match(line);
            Assert.True(match.Success, $"not a folded line: {line}");
            sum += long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            string[] frames = match.Groups["stack"].Value.Split(';');
            Assert.All(frames, f => Assert.Contains(FoldedStackWriter.UnescapeName(f), session.Probes.Select(p => p.Name)));
        }

        Assert.Equal(session.CallTree.Sum(n => n.SelfNs), sum);
        // The name with ';', '%' and a line break stays one frame and comes back whole.
        string awkward = FoldedStackWriter.EscapeName(SampleSessions.AwkwardName);
        Assert.Contains(lines, l => l.Split(';').Any(f => f.StartsWith(awkward, StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains(";" + SampleSessions.ScriptName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a;b", "a%3Bb")]
    [InlineData("100%", "100%25")]
    [InlineData("%3B", "%253B")]
    [InlineData("line\nbreak\r", "line%0Abreak%0D")]
    [InlineData("", "%00")]
    [InlineData("Ns.T.M(Int32, String)", "Ns.T.M(Int32, String)")]
    public void Names_escape_and_come_back(string name, string escaped)
    {
        Assert.Equal(escaped, FoldedStackWriter.EscapeName(name));
        Assert.Equal(name, FoldedStackWriter.UnescapeName(escaped));
    }

    [Fact]
    public void A_report_without_a_session_is_refused_with_a_message_naming_the_format()
    {
        var error = Assert.Throws<ArgumentException>(() => new FoldedStackWriter().WriteToString(new ReportContent()));
        Assert.Contains("folded", error.Message, StringComparison.Ordinal);
    }
}
