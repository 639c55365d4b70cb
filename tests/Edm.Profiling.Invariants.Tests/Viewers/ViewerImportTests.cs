using System.Text.Json.Nodes;
using CsCheck;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Invariants.Tests.Programs;

namespace Edm.Profiling.Invariants.Tests.Viewers;

/// <summary>
/// Our Chrome trace and speedscope files, imported by speedscope's own importer (npm speedscope
/// 1.25.0, in node): no import warning (a misnested trace gives "Tried to end X when Y was on the top
/// of the stack"), and the totals the viewer shows are the session's.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class ViewerImportTests
{
    /// <summary>
    /// Scopes that await, waited for synchronously and awaited, beside synchronous siblings laid end to
    /// start: the shapes of the two reported defects.
    /// </summary>
    private static readonly Program AwaitingScopes = new(
        [
            [
                new Call(0, How.Sync, [new Work(1_332_408_654), new ScopeBlock(0, AcrossAwait: true, [new Work(58_983_891)], 17), new Call(1, How.Sync, [new Work(333)], false, [], false, false)], false, [], false, false),
                new Call(0, How.Await, [new Work(5), new ScopeBlock(1, AcrossAwait: true, [new Work(7)], 11), new Call(2, How.Sync, [new Work(3)], false, [], false, false)], true, [new ScopeBlock(0, AcrossAwait: true, [], 9)], false, false),
            ],
        ],
        Timeline: false);

    [NodeFact]
    public void Speedscope_imports_our_files_of_programs_with_awaiting_scopes_without_warnings_and_with_the_sessions_totals()
    {
        var programs = new List<Program> { AwaitingScopes, AwaitingScopes with { Timeline = true } };
        programs.AddRange(ProgramGen.Programs.Array[10].Single());
        string folder = Directory.CreateTempSubdirectory("edm-viewers-").FullName;
        try
        {
            var sessions = new List<(Program Program, SessionReport Report, string Chrome, string Speedscope)>();
            foreach (Program program in programs)
            {
                (SessionReport report, _) = Sessions.Run(program);
                string stem = Path.Combine(folder, $"program{sessions.Count}");
                File.WriteAllText(stem + ".trace.json", new ChromeTraceWriter().WriteToString(ReportContent.Of(report)));
                File.WriteAllText(stem + ".speedscope.json", new SpeedscopeWriter().WriteToString(ReportContent.Of(report)));
                sessions.Add((program, report, stem + ".trace.json", stem + ".speedscope.json"));
            }

            JsonArray results = SpeedscopeImporter.Import([.. sessions.SelectMany(s => new[] { s.Chrome, s.Speedscope })]);
            for (int i = 0; i < sessions.Count; i++)
            {
                (Program program, SessionReport report, _, _) = sessions[i];
                JsonObject chrome = results[2 * i]!.AsObject();
                JsonObject speedscope = results[(2 * i) + 1]!.AsObject();
                foreach (JsonObject result in new[] { chrome, speedscope })
                {
                    Assert.True((bool)result["imported"]!, $"{program}: speedscope did not import {result["file"]}");
                    Assert.True(result["warnings"]!.AsArray().Count == 0, $"{program}: importing {result["file"]} warned: {result["warnings"]!.ToJsonString()}");
                }

                var tree = new CallTreeIndex(report);
                if (report.Timeline is null && tree.TotalNs > 0)
                {
                    // The merged tree's layout spans the roots' inclusive time, as the console report's total.
                    JsonObject laidOut = Assert.Single(chrome["profiles"]!.AsArray())!.AsObject();
                    Assert.Equal(tree.TotalNs / 1000.0, (double)laidOut["totalWeight"]!, 0.001 * (1 + tree.Roots.Count));
                }

                // The merged tree's sampled profile: the tree's self times, per method as the console's table shows them.
                JsonObject sampled = speedscope["profiles"]!.AsArray().Select(p => p!.AsObject())
                    .Single(p => ((string)p["name"]!).EndsWith("merged call tree", StringComparison.Ordinal));
                Assert.Equal(report.CallTree.Sum(n => n.SelfNs), (long)(double)sampled["totalWeight"]!);
                foreach (MethodStatistics method in report.Methods.Where(m => m.SelfNs > 0))
                {
                    JsonObject frame = sampled["frames"]!.AsArray().Select(f => f!.AsObject()).Single(f => (string)f["name"]! == tree.NameOf(method.ProbeId));
                    Assert.Equal(method.SelfNs, (long)(double)frame["self"]!);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Shrunk from an intermittent failure of the test above ("Tried to end Fixture.Async1 when
    /// Fixture.Async0 was on the top of the stack"): the program's threads run one after another, and
    /// the runtime can hand a finished thread's id to the next one.
    /// </summary>
    [NodeFact]
    public void Speedscope_imports_our_files_of_two_threads_that_had_one_id_without_warnings()
    {
        var session = new SessionReport
        {
            Name = "reused thread id",
            DurationNs = 10_000,
            Environment = new EnvironmentInfo { Os = "Linux", Runtime = ".NET 10", CpuModel = "test", LogicalCores = 2, BuildConfiguration = "Release", StopwatchFrequency = 1_000_000_000, MachineFingerprint = "f" },
            Settings = new SessionSettings { MaxLayer = Layer.Lightweight, RecordTimeline = true, TimelineCapacity = 1_000, TimestampFrequency = 1_000_000_000 },
            Probes = [new ProbeInfo { Id = 0, Name = "Fixture.Async0" }, new ProbeInfo { Id = 1, Name = "Fixture.Async1" }],
            Timeline = new TimelineData
            {
                Threads =
                [
                    new TimelineThread { ThreadId = 5, AtNs = [2_000], ProbeIds = [0], Kinds = "E" },
                    new TimelineThread { ThreadId = 5, AtNs = [1_500, 3_000], ProbeIds = [1, 1], Kinds = "EX" },
                ],
            },
        };
        string folder = Directory.CreateTempSubdirectory("edm-viewers-").FullName;
        try
        {
            string chrome = Path.Combine(folder, "reused.trace.json");
            string speedscope = Path.Combine(folder, "reused.speedscope.json");
            File.WriteAllText(chrome, new ChromeTraceWriter().WriteToString(ReportContent.Of(session)));
            File.WriteAllText(speedscope, new SpeedscopeWriter().WriteToString(ReportContent.Of(session)));
            foreach (JsonNode? result in SpeedscopeImporter.Import([chrome, speedscope]))
            {
                Assert.True((bool)result!["imported"]!, $"speedscope did not import {result["file"]}");
                Assert.True(result["warnings"]!.AsArray().Count == 0, $"importing {result["file"]} warned: {result["warnings"]!.ToJsonString()}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
