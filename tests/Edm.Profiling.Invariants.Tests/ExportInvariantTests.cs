using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Invariants.Tests.Programs;

namespace Edm.Profiling.Invariants.Tests;

/// <summary>
/// Every export of a random program's session agrees with the session: the Chrome trace nests as
/// viewers compute ends (<c>ts + dur</c> in doubles), speedscope's and the folded file's totals are the
/// tree's self times (the methods' self times the console report shows), and the HTML page's model
/// carries the same tree.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class ExportInvariantTests
{
    [Fact]
    public void Chrome_trace_events_nest_on_every_thread_as_readers_add_doubles_and_start_after_zero() =>
        ProgramGen.Programs.Sample(program =>
        {
            (SessionReport report, _) = Sessions.Run(program);
            JsonObject trace = Parse(new ChromeTraceWriter().WriteToString(ReportContent.Of(report)));
            List<JsonObject> complete = Events(trace, "X");
            if (report.Timeline is null)
            {
                // Calls of 0 ns are left out (as are children shrunk to 0 to fit); roots of a nanosecond or more never are.
                Assert.InRange(complete.Count, report.CallTree.Count(n => n.ParentId is null && n.InclusiveNs > 0), report.CallTree.Count);
            }

            foreach (IGrouping<int, JsonObject> thread in complete.GroupBy(e => (int)e["tid"]!))
            {
                ExportAssert.NestedAsReadersAddDoubles(thread.ToList());
            }
        }, iter: Sessions.Iterations, threads: 1, print: p => p.ToString());

    [Fact]
    public void Speedscope_and_folded_totals_are_the_trees_self_times_and_the_console_reports() =>
        ProgramGen.Programs.Sample(program =>
        {
            (SessionReport report, _) = Sessions.Run(program);
            var tree = new CallTreeIndex(report);

            // folded: one line per path with self time, summing to the tree's.
            var folded = new Dictionary<string, long>();
            foreach (string line in new FoldedStackWriter().WriteToString(ReportContent.Of(report)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int space = line.LastIndexOf(' ');
                folded[line[..space]] = long.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }

            var bySelfPath = new Dictionary<string, long>();
            foreach ((CallTreeNode node, IReadOnlyList<int> path) in tree.WalkWithPaths())
            {
                if (node.SelfNs > 0)
                {
                    string key = string.Join(";", path.Select(tree.NameOf));
                    bySelfPath[key] = bySelfPath.GetValueOrDefault(key) + node.SelfNs;
                }
            }

            Assert.Equal(bySelfPath.OrderBy(p => p.Key, StringComparer.Ordinal), folded.OrderBy(p => p.Key, StringComparer.Ordinal));

            // speedscope: the merged tree's sampled profile weighs each method by its self time, as the console's table shows it.
            JsonObject speedscope = Parse(new SpeedscopeWriter().WriteToString(ReportContent.Of(report)));
            JsonArray frames = speedscope["shared"]!["frames"]!.AsArray();
            JsonObject sampled = speedscope["profiles"]!.AsArray().Select(p => p!.AsObject()).Single(p => (string?)p["type"] == "sampled");
            JsonArray samples = sampled["samples"]!.AsArray();
            JsonArray weights = sampled["weights"]!.AsArray();
            var selfByName = new Dictionary<string, long>();
            for (int i = 0; i < samples.Count; i++)
            {
                string leaf = (string)frames[(int)samples[i]!.AsArray()[^1]!]!["name"]!;
                selfByName[leaf] = selfByName.GetValueOrDefault(leaf) + (long)weights[i]!;
            }

            Assert.Equal(report.CallTree.Sum(n => n.SelfNs), (long)sampled["endValue"]!);
            foreach (MethodStatistics method in report.Methods)
            {
                Assert.Equal(method.SelfNs, selfByName.GetValueOrDefault(tree.NameOf(method.ProbeId)));
            }

            // speedscope's evented profiles (with a timeline): opens and closes nest, in time order.
            foreach (JsonObject evented in speedscope["profiles"]!.AsArray().Select(p => p!.AsObject()).Where(p => (string?)p["type"] == "evented"))
            {
                ExportAssert.EventedNests(evented);
            }
        }, iter: Sessions.Iterations, threads: 1, print: p => p.ToString());

    [Fact]
    public void The_html_pages_model_carries_the_sessions_tree_and_methods() =>
        ProgramGen.Programs.Sample(program =>
        {
            (SessionReport report, _) = Sessions.Run(program);
            JsonObject model = ExportAssert.HtmlModel(new HtmlReportWriter().WriteToString(ReportContent.Of(report)));
            JsonArray nodes = model["tree"]!["nodes"]!.AsArray();
            Assert.Equal(report.CallTree.Count, nodes.Count);
            Assert.Equal(report.CallTree.Sum(n => n.SelfNs), nodes.Sum(n => (long)n!.AsArray()[5]!));
            Assert.Equal(report.CallTree.Sum(n => n.InclusiveNs), nodes.Sum(n => (long)n!.AsArray()[4]!));
            JsonArray methods = model["methods"]!.AsArray();
            Assert.Equal(report.Methods.Sum(m => m.SelfNs), methods.Sum(m => (long)m!["selfNs"]!));
            Assert.Equal(report.Methods.Sum(m => m.Calls), methods.Sum(m => (long)m!["calls"]!));
            Assert.Equal(report.Methods.Sum(m => m.FaultedCalls), methods.Sum(m => (long)m!["faultedCalls"]!));
        }, iter: Sessions.Iterations / 3, threads: 1, print: p => p.ToString());

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static List<JsonObject> Events(JsonObject trace, string phase) =>
        [.. trace["traceEvents"]!.AsArray().Select(e => e!.AsObject()).Where(e => (string?)e["ph"] == phase)];
}
