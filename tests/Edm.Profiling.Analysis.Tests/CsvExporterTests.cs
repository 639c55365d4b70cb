using System.Text;
using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

public sealed class CsvExporterTests
{
    /// <summary>An RFC 4180 reader written for the tests, to read exports back.</summary>
    private static List<List<string>> Parse(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.Equal(0, field.Length); // a quote may only open a field
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r')
            {
                Assert.Equal('\n', csv[i + 1]); // records end in CRLF
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                Assert.NotEqual('\n', c); // a bare LF only inside quotes
                field.Append(c);
            }
        }

        Assert.False(quoted);
        Assert.Empty(record);
        return records;
    }

    [Fact]
    public void Fields_with_commas_quotes_and_line_breaks_are_quoted_and_read_back_unchanged()
    {
        string[] awkward = ["plain", "a,b", "say \"hi\"", "two\r\nlines", "lf\nonly", "", "  spaced  ", "Ns.Type.Method(int, string)"];
        var text = new StringWriter();
        new CsvWriter(text).Record(awkward).Field(1.5).Field(-3L).Field((double?)null).Field(double.NaN).EndRecord();

        Assert.StartsWith("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"lf\nonly\",,  spaced  ,\"Ns.Type.Method(int, string)\"\r\n1.5,-3,,\r\n", text.ToString(), StringComparison.Ordinal);
        List<List<string>> records = Parse(text.ToString());
        Assert.Equal(awkward, records[0]);
        Assert.Equal(["1.5", "-3", "", ""], records[1]);
    }

    [Fact]
    public void A_session_exports_one_row_per_method()
    {
        SessionReport session = Session("edm", null,
            new Method("Edm.Tracks.Analyzer.Fft(float[], int)", [1_000, 2_000, 3_000], AllocatedBytes: 3 * 40),
            new Method("Edm.Tracks.WavReader.Read(string)", [5_000]));
        var text = new StringWriter();
        CsvExporter.WriteSession(session, text);
        List<List<string>> rows = Parse(text.ToString());

        Assert.Equal(3, rows.Count);
        Assert.Equal("method", rows[0][0]);
        Dictionary<string, string> fft = rows[0].Zip(rows[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("Edm.Tracks.Analyzer.Fft(float[], int)", fft["method"]);
        Assert.Equal("3", fft["calls"]);
        Assert.Equal("2000", fft["mean_ns"]);
        Assert.Equal("40", fft["allocated_bytes_per_call"]);
        Assert.Equal("", rows[0].Zip(rows[2]).ToDictionary(p => p.First, p => p.Second)["allocated_bytes"]);
    }

    [Fact]
    public void A_comparison_exports_one_row_per_method_and_metric()
    {
        var random = new Random(1);
        ComparisonReport report = RegressionDetector.Compare(
            Session("edm", null, new Method("A", LogNormal(random, 500, 10_000), AllocatedBytes: 500 * 8), new Method("Gone", [1, 2])),
            Session("edm", null, new Method("A", LogNormal(random, 500, 13_000), AllocatedBytes: 500 * 8)));
        var text = new StringWriter();
        CsvExporter.WriteComparison(report, text);
        List<List<string>> rows = Parse(text.ToString());

        Assert.Equal(["method", "method_verdict", "metric", "verdict", "baseline", "current", "ratio", "ratio_lower", "ratio_upper", "reason"], rows[0]);
        Assert.Equal(["Calls", "AllocatedBytesPerCall", "WallTime"], rows.Skip(1).Where(r => r[0] == "A").Select(r => r[2]));
        List<string> time = rows.Single(r => r[0] == "A" && r[2] == "WallTime");
        Assert.Equal("Regressed", time[3]);
        Assert.InRange(double.Parse(time[6], System.Globalization.CultureInfo.InvariantCulture), 1.25, 1.35);
        Assert.Contains("Mann–Whitney", time[9], StringComparison.Ordinal);
        Assert.Equal(["Gone", "Missing", "", "Missing"], rows.Single(r => r[0] == "Gone").Take(4));
    }

    [Fact]
    public void History_queries_export_runs_and_trend_points()
    {
        using var temp = new TempDirectory();
        using HistoryStore history = HistoryStore.Open(temp.File("history.db"));
        var random = new Random(2);
        for (int i = 0; i < 6; i++)
        {
            history.Import(Session("edm", Environment(commit: $"c{i}", branch: "feature/x,y"), DateTimeOffset.UnixEpoch.AddHours(i),
                new Method("Fft", LogNormal(random, 100, i >= 3 ? 20_000 : 10_000, sigma: 0.01))));
        }

        string runsFile = temp.File("runs.csv");
        CsvExporter.WriteFile(runsFile, writer => CsvExporter.WriteRuns(history.Runs(), writer));
        List<List<string>> runs = Parse(File.ReadAllText(runsFile));
        Assert.Equal(7, runs.Count);
        Assert.Equal("feature/x,y", runs[1][5]);
        Assert.Equal("1970-01-01T00:00:00.0000000Z", runs[1][6]);

        var text = new StringWriter();
        CsvExporter.WriteTrends(history.Trends(Metric.WallTime), text);
        List<List<string>> points = Parse(text.ToString());
        Assert.Equal(["method", "metric", "commit", "recorded_at", "value", "step"], points[0]);
        Assert.Equal(["no", "no", "no", "yes", "no", "no"], points.Skip(1).Select(p => p[5]));
    }
}
