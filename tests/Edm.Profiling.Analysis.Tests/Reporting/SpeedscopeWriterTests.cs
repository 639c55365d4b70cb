using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;
using Json.Schema;

namespace Edm.Profiling.Analysis.Tests.Reporting;

[Collection(ProfilerCollection.Name)]
public sealed class SpeedscopeWriterTests
{
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Reporting", "Schemas", "speedscope-file-format-schema.json")));

    /// <summary>speedscope's schema, loaded once for the process: the schema library refuses to register one $id twice.</summary>
    internal static JsonSchema Schema => s_schema.Value;

    [Fact]
    public void A_session_with_a_timeline_is_valid_against_speedscopes_schema_with_one_evented_profile_per_thread()
    {
        SessionReport session = SampleSessions.WithTimeline;
        JsonObject file = Export(session);
        AssertValid(file);
        Assert.Equal(SpeedscopeWriter.SchemaUrl, (string?)file["$schema"]);
        JsonArray profiles = file["profiles"]!.AsArray();
        List<JsonObject> evented = [.. profiles.Select(p => p!.AsObject()).Where(p => (string?)p["type"] == "evented")];
        Assert.Equal(session.Timeline!.Threads.Count + AsyncSpanLanes.Assign(session.Timeline.AsyncSpans).Count, evented.Count);
        Assert.Contains(evented, p => ((string?)p["name"])!.Contains("worker 1", StringComparison.Ordinal));
        Assert.Contains(evented, p => ((string?)p["name"])!.StartsWith("Async calls", StringComparison.Ordinal));
        JsonArray frames = file["shared"]!["frames"]!.AsArray();
        foreach (JsonObject profile in evented)
        {
            Assert.Equal("nanoseconds", (string?)profile["unit"]);
            AssertOrderedAndNested(profile, frames.Count);
        }

        // Every enter and exit of every thread is there as an open and a close.
        int opens = evented.Take(session.Timeline.Threads.Count).Sum(p => p["events"]!.AsArray().Count(e => (string?)e!["type"] == "O"));
        Assert.Equal(session.Timeline.Threads.Sum(t => t.Kinds.Count(k => k == 'E')), opens);
        Assert.Contains(frames, f => (string?)f!["name"] == SampleSessions.ScriptName);
        Assert.Contains(frames, f => (string?)f!["file"] == "src/Analyzer.cs" && (int?)f["line"] == 12);
    }

    [Fact]
    public void A_session_without_a_timeline_becomes_a_sampled_profile_of_the_call_tree_weighted_by_self_time()
    {
        SessionReport session = SampleSessions.WithoutTimeline;
        JsonObject file = Export(session);
        AssertValid(file);
        JsonObject profile = Assert.Single(file["profiles"]!.AsArray())!.AsObject();
        Assert.Equal("sampled", (string?)profile["type"]);
        JsonArray samples = profile["samples"]!.AsArray();
        JsonArray weights = profile["weights"]!.AsArray();
        Assert.Equal(samples.Count, weights.Count);
        Assert.Equal(session.CallTree.Count(n => n.SelfNs > 0), samples.Count);
        Assert.Equal(session.CallTree.Sum(n => n.SelfNs), weights.Sum(w => (long)w!));
        Assert.Equal(weights.Sum(w => (long)w!), (long)profile["endValue"]!);
    }

    [Fact]
    public void Exact_timeline_events_keep_their_times_and_frames()
    {
        JsonObject file = Export(SampleSessions.Exact(SampleSessions.ExactTimeline()));
        AssertValid(file);
        JsonArray frames = file["shared"]!["frames"]!.AsArray();
        JsonObject thread = file["profiles"]![0]!.AsObject();
        Assert.Equal("Thread 7 (main thread)", (string?)thread["name"]);
        Assert.Equal(0, (long)thread["startValue"]!);
        Assert.Equal(1_000_000, (long)thread["endValue"]!); // the session's duration, past the last event
        var events = thread["events"]!.AsArray().Select(e => $"{e!["type"]}:{frames[(int)e["frame"]!]!["name"]}@{e["at"]}").ToList();
        Assert.Equal(
            ["O:App.Main()@1000", "O:App.Parse(String)@2000", "O:App.Lex;Scan@3500", "C:App.Lex;Scan@18500", "C:App.Parse(String)@62000",
             "O:App.Emit()@65000", "C:App.Emit()@95000", "C:App.Main()@101000"],
            events);
        JsonObject lane = file["profiles"]![1]!.AsObject();
        Assert.Equal(["O@50000", "C@250000"], lane["events"]!.AsArray().Select(e => $"{e!["type"]}@{e["at"]}").ToList());
        Assert.Equal(1_000_000, (long)lane["endValue"]!); // every profile spans the session
    }

    [Fact]
    public void Two_threads_that_had_one_id_are_profiles_with_names_that_tell_them_apart()
    {
        JsonObject file = Export(SampleSessions.Exact(SampleSessions.ReusedThreadIdTimeline()));
        AssertValid(file);
        Assert.Equal(
            ["Thread 1 (worker)", "Thread 1 [thread 2 with id 1]", "Thread 2", "exact — merged call tree"],
            file["profiles"]!.AsArray().Select(p => (string?)p!["name"]).ToList());
    }

    [Fact]
    public void An_enter_left_open_by_a_detached_scope_is_closed_where_its_caller_exits()
    {
        var thread = new TimelineThread { ThreadId = 1, AtNs = [10, 20, 30, 40, 50], ProbeIds = [0, 1, 0, 2, 2], Kinds = "EEXEX" };
        SessionReport session = SampleSessions.Exact(new TimelineData { Threads = [thread] });
        JsonObject file = Export(session);
        AssertValid(file);
        JsonObject profile = file["profiles"]![0]!.AsObject();
        AssertOrderedAndNested(profile, file["shared"]!["frames"]!.AsArray().Count);
        Assert.Equal(["O@10", "O@20", "C@30", "C@30", "O@40", "C@50"], profile["events"]!.AsArray().Select(e => $"{e!["type"]}@{e["at"]}").ToList());
    }

    [Fact]
    public void A_damaged_timeline_still_exports_ordered_and_nested_events()
    {
        // An exit nobody entered is dropped; a time that goes back is held at the time before it.
        var thread = new TimelineThread { ThreadId = 1, AtNs = [10, 5, 20, 30], ProbeIds = [0, 0, 1, 3], Kinds = "EXXE" };
        JsonObject file = Export(SampleSessions.Exact(new TimelineData { Threads = [thread] }));
        AssertValid(file);
        JsonObject profile = file["profiles"]![0]!.AsObject();
        AssertOrderedAndNested(profile, file["shared"]!["frames"]!.AsArray().Count);
        Assert.Equal(["O@10", "C@10", "O@30", "C@1000000"], profile["events"]!.AsArray().Select(e => $"{e!["type"]}@{e["at"]}").ToList());
    }

    [Fact]
    public void The_schema_rejects_what_speedscope_would_reject()
    {
        // The validation is real: a file without profiles or with an unknown unit fails it.
        JsonObject file = Export(SampleSessions.Exact());
        file["profiles"]![0]!["unit"] = "furlongs";
        Assert.False(s_schema.Value.Evaluate(JsonSerializer.SerializeToElement(file)).IsValid);
        file.Remove("profiles");
        Assert.False(s_schema.Value.Evaluate(JsonSerializer.SerializeToElement(file)).IsValid);
    }

    [Fact]
    public void Async_spans_that_overlap_are_spread_over_lanes_in_which_they_nest()
    {
        AsyncSpan[] spans =
        [
            new() { ProbeId = 1, StartNs = 0, EndNs = 100 },
            new() { ProbeId = 2, StartNs = 10, EndNs = 50 },   // inside the first
            new() { ProbeId = 3, StartNs = 40, EndNs = 150 },  // overlaps both: a second lane
            new() { ProbeId = 4, StartNs = 120, EndNs = 130 }, // after the first, inside the third: first lane
        ];
        IReadOnlyList<IReadOnlyList<AsyncSpan>> lanes = AsyncSpanLanes.Assign(spans);
        Assert.Equal(2, lanes.Count);
        Assert.Equal([1, 2, 4], lanes[0].Select(s => s.ProbeId));
        Assert.Equal([3], lanes[1].Select(s => s.ProbeId));
    }

    private static JsonObject Export(SessionReport session) =>
        JsonNode.Parse(new SpeedscopeWriter().WriteToString(ReportContent.Of(session)))!.AsObject();

    private static void AssertValid(JsonObject file)
    {
        EvaluationResults results = s_schema.Value.Evaluate(JsonSerializer.SerializeToElement(file), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));
    }

    /// <summary>What speedscope checks when it imports an evented profile.</summary>
    private static void AssertOrderedAndNested(JsonObject profile, int frameCount)
    {
        var open = new Stack<int>();
        double last = (double)profile["startValue"]!;
        foreach (JsonNode? e in profile["events"]!.AsArray())
        {
            double at = (double)e!["at"]!;
            int frame = (int)e["frame"]!;
            Assert.InRange(frame, 0, frameCount - 1);
            Assert.True(at >= last, $"event at {at} comes after one at {last}");
            last = at;
            if ((string?)e["type"] == "O")
            {
                open.Push(frame);
            }
            else
            {
                Assert.True(open.Count > 0, "a close with no open frame");
                Assert.Equal(open.Pop(), frame);
            }
        }

        Assert.Empty(open);
        Assert.True(last <= (double)profile["endValue"]!);
    }
}
