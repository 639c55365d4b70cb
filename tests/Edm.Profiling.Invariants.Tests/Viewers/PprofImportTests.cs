using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Invariants.Tests.Programs;

namespace Edm.Profiling.Invariants.Tests.Viewers;

/// <summary>
/// Our pprof files, decoded by an independent reader of profile.proto (Datadog's npm package
/// pprof-format 2.3.2, in node): the header pprof tools rely on, the sample types, function names with
/// the probes' files and lines, and values that add up to the session's totals, per type and per method.
/// The sessions are real ones, recorded from random profiled programs (generated interceptors); one of
/// them is given CPU samples, as the sampling backend merges them, to check the sampled frames.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class PprofImportTests
{
    [NodeFact]
    public void Pprof_format_decodes_our_files_with_the_sessions_names_lines_and_totals()
    {
        var reports = new List<SessionReport>();
        foreach (Program program in ProgramGen.Programs.Array[10].Single())
        {
            reports.Add(Sessions.Run(program).Report);
        }

        SessionReport heaviest = reports.MaxBy(r => r.CallTree.Sum(n => n.SelfNs))!;
        reports.Add(WithAllocationSamples(WithCpuSamples(heaviest)));
        Assert.Contains(reports, r => r.CallTree.Any(n => n.AllocatedBytes is not null)); // a Detailed probe ran

        string folder = Directory.CreateTempSubdirectory("edm-pprof-").FullName;
        try
        {
            var files = new List<string>();
            foreach (SessionReport report in reports)
            {
                string path = Path.Combine(folder, $"session{files.Count}{ReportFormat.Pprof.FileExtension()}");
                new PprofWriter().WriteFile(ReportContent.Of(report), path);
                files.Add(path);
            }

            JsonArray decoded = SpeedscopeImporter.RunScript("pprof-decode.mjs", files);
            Assert.Equal(reports.Count, decoded.Count);
            for (int i = 0; i < reports.Count; i++)
            {
                AssertProfile(reports[i], decoded[i]!.AsObject());
            }

            AssertSampledFrames(reports[^1], decoded[^1]!.AsObject());
            AssertAllocationFrames(reports[^1], decoded[^1]!.AsObject());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertProfile(SessionReport report, JsonObject profile)
    {
        bool detailed = report.CallTree.Any(n => n.AllocatedBytes is not null);
        CpuSamples? samples = report.CpuSamples;
        Assert.True((bool)profile["gzipped"]!);
        Assert.Equal("", (string)profile["firstString"]!);
        List<string> types = [.. profile["sampleTypes"]!.AsArray().Select(t => $"{t!["type"]}/{t["unit"]}")];
        List<string> expected = ["calls/count", "wall/nanoseconds", "self/nanoseconds"];
        expected.AddRange(samples is null ? [] : ["cpu/nanoseconds"]);
        expected.AddRange(detailed ? ["alloc_space/bytes"] : []);
        expected.AddRange(report.AllocationSamples is null ? [] : ["alloc_sampled_space/bytes"]);
        Assert.Equal(expected, types);
        Assert.Equal("wall", (string)profile["defaultSampleType"]!);
        Assert.Equal("wall/nanoseconds", $"{profile["periodType"]!["type"]}/{profile["periodType"]!["unit"]}");
        Assert.Equal(samples?.IntervalNs ?? 1, Number(profile["period"]));
        Assert.Equal((report.StartedAt - DateTimeOffset.UnixEpoch).Ticks * 100, Number(profile["timeNanos"]));
        Assert.Equal(report.DurationNs, Number(profile["durationNanos"]));
        Assert.True((bool)Assert.Single(profile["mappings"]!.AsArray())!["hasFunctions"]!);

        List<(JsonArray Stack, long[] Values, string Source)> all = [.. profile["samples"]!.AsArray().Select(s => (
            s!["stack"]!.AsArray(),
            s["values"]!.AsArray().Select(Number).ToArray(),
            (string)s["labels"]!["source"]!))];
        Assert.All(all, s => Assert.Equal(types.Count, s.Values.Length));
        Assert.All(all, s => Assert.All(s.Stack, f => Assert.Null(f!["missing"])));
        long Sum(string type) => all.Sum(s => s.Values[types.IndexOf(type)]);

        // Totals: exact figures add up exactly.
        Assert.Equal(report.CallTree.Sum(n => n.Calls), Sum("calls/count"));
        Assert.Equal(report.CallTree.Sum(n => n.SelfNs), Sum("self/nanoseconds"));
        if (detailed)
        {
            Assert.Equal(report.CallTree.Sum(n => n.SelfAllocatedBytes ?? 0), Sum("alloc_space/bytes"));
        }

        if (samples is null)
        {
            Assert.Equal(report.CallTree.Sum(n => n.SelfNs), Sum("wall/nanoseconds"));
            Assert.All(all, s => Assert.Equal("probe", s.Source));
        }

        // Per method, as the console table: the flat (leaf) figures are the method's calls and self time,
        // and each probe's function carries its declaration's file and line.
        foreach (MethodStatistics method in report.Methods)
        {
            ProbeInfo probe = report.FindProbe(method.ProbeId)!;
            var leaves = all.Where(s => s.Source == "probe" && (string)s.Stack[0]!["name"]! == probe.Name).ToList();
            Assert.Equal(method.Calls, leaves.Sum(s => s.Values[0]));
            Assert.Equal(method.SelfNs, leaves.Sum(s => s.Values[types.IndexOf("self/nanoseconds")]));
            foreach (JsonNode frame in all.SelectMany(s => s.Stack).Select(f => f!).Where(f => (string)f["name"]! == probe.Name))
            {
                Assert.Equal(probe.File ?? "", (string?)frame["file"] ?? "");
                Assert.Equal(probe.Line, Number(frame["startLine"]));
                Assert.Equal(probe.Line, Number(frame["line"]));
            }
        }

        // The generator's probes name their source: Fixture.cs and a line in it.
        Assert.All(report.Probes.Where(p => p.Name.Contains(".Fixture.Sync", StringComparison.Ordinal)), p =>
        {
            Assert.EndsWith("Fixture.cs", p.File, StringComparison.Ordinal);
            Assert.True(p.Line > 0);
        });
    }

    private static void AssertSampledFrames(SessionReport report, JsonObject profile)
    {
        List<string> types = [.. profile["sampleTypes"]!.AsArray().Select(t => (string)t!["type"]!)];
        var all = profile["samples"]!.AsArray().Select(s => (Stack: s!["stack"]!.AsArray(), Values: s["values"]!.AsArray().Select(Number).ToArray(), Source: (string)s["labels"]!["source"]!)).ToList();
        long Sum(string type) => all.Sum(s => s.Values[types.IndexOf(type)]);
        CpuSamples samples = report.CpuSamples!;
        long interval = samples.IntervalNs;

        // cpu: every running sample, in the probe's own body or a sampled frame; wall: the probes' exact
        // self time, less the sampled frames' share below them plus those frames (and the running outside).
        Assert.Equal(samples.Paths.Sum(p => p.RunningSamples) * interval, Sum("cpu"));
        Assert.Equal(report.CallTree.Sum(n => n.SelfNs) + (7 * interval), Sum("wall"));
        Assert.Equal(report.CallTree.Sum(n => n.SelfNs), Sum("self"));

        var split = all.Single(s => (string)s.Stack[0]!["name"]! == "System.Linq.Enumerable.TryGetSpan(class System.Collections.Generic.IEnumerable`1<!!0>,value class System.ReadOnlySpan`1<!!0>&)");
        Assert.Equal("sampled", split.Source);
        Assert.Equal("System.Linq.Enumerable.Sum(class System.Collections.Generic.IEnumerable`1<float64>)", (string)split.Stack[1]!["name"]!);
        Assert.Equal(report.FindProbe(report.CallTree.Single(n => n.Id == samples.Paths[0].CallTreeNodeId).ProbeId)!.Name, (string)split.Stack[2]!["name"]!);
        Assert.Equal(20 * interval, split.Values[types.IndexOf("cpu")]);
        Assert.Equal(0, split.Values[types.IndexOf("calls")]);
        var sum = all.Single(s => (string)s.Stack[0]!["name"]! == "System.Linq.Enumerable.Sum(class System.Collections.Generic.IEnumerable`1<float64>)");
        Assert.Equal(("/_/src/libraries/System.Linq/src/System/Linq/Sum.cs", 31L), ((string)sum.Stack[0]!["file"]!, Number(sum.Stack[0]!["line"])));
        var loop = all.Single(s => (string)s.Stack[0]!["name"]! == "Program.Loop()");
        Assert.Equal(["Program.Loop()", "Program.Main()", "(outside probes)"], loop.Stack.Select(f => (string)f!["name"]!));
        Assert.Equal(5 * interval, loop.Values[types.IndexOf("wall")]);
        var sleep = all.Single(s => (string)s.Stack[0]!["name"]! == "System.Threading.Thread.Sleep(int32)");
        Assert.Equal((10 * interval, 0L), (sleep.Values[types.IndexOf("wall")], sleep.Values[types.IndexOf("cpu")]));
    }

    private static void AssertAllocationFrames(SessionReport report, JsonObject profile)
    {
        List<string> types = [.. profile["sampleTypes"]!.AsArray().Select(t => (string)t!["type"]!)];
        int bytes = types.IndexOf("alloc_sampled_space");
        var all = profile["samples"]!.AsArray().Select(s => (Stack: s!["stack"]!.AsArray(), Values: s["values"]!.AsArray().Select(Number).ToArray(), Source: (string)s["labels"]!["source"]!)).ToList();

        // Every estimated byte once: the probe path's own 1,000, String.Concat's 2,000 below it, Program.Fill's 1,000 outside.
        Assert.Equal(report.AllocationSamples!.EstimatedBytes, all.Sum(s => s.Values[bytes]));
        Assert.All(all.Where(s => s.Values[bytes] != 0), s => Assert.Equal("sampled", s.Source));
        string probe = report.FindProbe(report.CallTree.Single(n => n.Id == report.AllocationSamples.Paths[0].CallTreeNodeId).ProbeId)!.Name;
        var concat = all.Single(s => s.Values[bytes] != 0 && (string)s.Stack[0]!["name"]! == "System.String.Concat(string,string)");
        Assert.Equal((probe, 2_000L), ((string)concat.Stack[1]!["name"]!, concat.Values[bytes]));
        Assert.Equal(1_000, all.Single(s => s.Values[bytes] != 0 && (string)s.Stack[0]!["name"]! == probe).Values[bytes]);
        var fill = all.Single(s => s.Values[bytes] != 0 && (string)s.Stack[0]!["name"]! == "Program.Fill()");
        Assert.Equal(["Program.Fill()", "(outside probes)"], fill.Stack.Select(f => (string)f!["name"]!));
        Assert.Equal(1_000, fill.Values[bytes]);
    }

    /// <summary>
    /// <paramref name="report"/> with allocation samples (4,000 estimated bytes): its heaviest path allocated
    /// 3,000, 1,000 in the probed method itself and 2,000 in String.Concat below it; outside probes, 1,000 in Program.Fill.
    /// </summary>
    private static SessionReport WithAllocationSamples(SessionReport report)
    {
        CallTreeNode node = report.CallTree.MaxBy(n => n.SelfNs)!;
        return report with
        {
            AllocationSamples = new AllocationSamples
            {
                Source = "AllocationSampled",
                MeanIntervalBytes = 1_000,
                Events = 4,
                EstimatedBytes = 4_000,
                Paths = [new AllocationPath { CallTreeNodeId = node.Id, EstimatedBytes = 3_000 }, new AllocationPath { EstimatedBytes = 1_000 }],
                Frames = [new SampledFrame { Name = "System.String.Concat(string,string)" }, new SampledFrame { Name = "Program.Fill()", File = "/src/App/Program.cs" }],
                Nodes =
                [
                    new AllocationNode { Id = 0, CallTreeNodeId = node.Id, FrameId = 0, EstimatedBytes = 2_000, SelfEstimatedBytes = 2_000 },
                    new AllocationNode { Id = 1, FrameId = 1, EstimatedBytes = 1_000, SelfEstimatedBytes = 1_000 },
                ],
            },
        };
    }

    /// <summary>
    /// <paramref name="report"/> with CPU samples, as the sampling backend merges them, at an interval of a
    /// 40th of its heaviest path's self time (the manual clock's figures are arbitrary): below that path, 30 running samples in Enumerable.Sum (20 of them in TryGetSpan), 10 waiting
    /// in Thread.Sleep and 5 running in the probed method's own body; outside probes, 7 running in
    /// Program.Main (5 in Program.Loop) and 50 waiting there.
    /// </summary>
    private static SessionReport WithCpuSamples(SessionReport report)
    {
        CallTreeNode node = report.CallTree.MaxBy(n => n.SelfNs)!;
        long interval = node.SelfNs / 40;
        Assert.True(interval > 0, $"the heaviest path's self time ({node.SelfNs} ns) cannot hold 40 samples");
        return report with
        {
            CpuSamples = new CpuSamples
            {
                Source = "eventpipe",
                Mode = "in-process",
                IntervalNs = interval,
                Threads = 1,
                RunningSamples = 35 + 7,
                WaitingSamples = 10 + 50,
                Frames =
                [
                    new SampledFrame { Name = "System.Linq.Enumerable.Sum(class System.Collections.Generic.IEnumerable`1<float64>)", Module = "System.Linq", File = "/_/src/libraries/System.Linq/src/System/Linq/Sum.cs" },
                    new SampledFrame { Name = "System.Linq.Enumerable.TryGetSpan(class System.Collections.Generic.IEnumerable`1<!!0>,value class System.ReadOnlySpan`1<!!0>&)", Module = "System.Linq" },
                    new SampledFrame { Name = "System.Threading.Thread.Sleep(int32)", Module = "System.Private.CoreLib" },
                    new SampledFrame { Name = "Program.Main()", Module = "App" },
                    new SampledFrame { Name = "Program.Loop()", Module = "App", File = "/src/App/Program.cs" },
                ],
                Paths =
                [
                    new SampledPath { CallTreeNodeId = node.Id, RunningSamples = 35, WaitingSamples = 10 },
                    new SampledPath { RunningSamples = 7, WaitingSamples = 50 },
                ],
                Nodes =
                [
                    new SampledNode { Id = 0, CallTreeNodeId = node.Id, FrameId = 0, RunningSamples = 30, SelfRunningSamples = 10, Lines = [new SampledLine { Line = 31, Samples = 25 }, new SampledLine { Line = 40, Samples = 5 }] },
                    new SampledNode { Id = 1, ParentId = 0, CallTreeNodeId = node.Id, FrameId = 1, RunningSamples = 20, SelfRunningSamples = 20 },
                    new SampledNode { Id = 2, CallTreeNodeId = node.Id, FrameId = 2, WaitingSamples = 10, SelfWaitingSamples = 10 },
                    new SampledNode { Id = 3, FrameId = 3, RunningSamples = 7, WaitingSamples = 50, SelfRunningSamples = 2, SelfWaitingSamples = 50 },
                    new SampledNode { Id = 4, ParentId = 3, FrameId = 4, RunningSamples = 5, SelfRunningSamples = 5, Lines = [new SampledLine { Line = 7, Samples = 5 }] },
                ],
            },
        };
    }

    private static long Number(JsonNode? node) => long.Parse((string)node!, CultureInfo.InvariantCulture);
}
