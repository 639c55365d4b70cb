using System.Text.Json.Nodes;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

[Collection(ProfilerCollection.Name)]
public sealed class ChromeTraceWriterTests
{
    [Fact]
    public void Timeline_calls_are_complete_events_in_microseconds_with_exact_nanoseconds()
    {
        JsonObject trace = Export(SampleSessions.Exact(SampleSessions.ExactTimeline()));
        List<JsonObject> complete = Events(trace, "X");
        Assert.Equal(4, complete.Count);
        JsonObject lex = complete.Single(e => (string?)e["name"] == "App.Lex;Scan");
        Assert.Equal(4.5m, (decimal)lex["ts"]!);   // 3,500 ns into the session, which starts at 1 µs
        Assert.Equal(15m, (decimal)lex["dur"]!);   // 18,500 − 3,500 ns
        JsonObject main = complete.Single(e => (string?)e["name"] == "App.Main()");
        Assert.Equal(2m, (decimal)main["ts"]!);
        Assert.Equal(100m, (decimal)main["dur"]!);
        Assert.Equal("parsing", (string?)complete.Single(e => (string?)e["name"] == "App.Parse(String)")["cat"]);
        Assert.All(complete, e => Assert.Equal(7, (int)e["tid"]!));
        Assert.Equal("ns", (string?)trace["displayTimeUnit"]);
        Assert.Equal(6, (long)trace["otherData"]!["droppedEvents"]!);
    }

    [Fact]
    public void Threads_are_named_by_metadata_events_and_async_calls_are_async_begin_end_pairs()
    {
        JsonObject trace = Export(SampleSessions.Exact(SampleSessions.ExactTimeline()));
        JsonObject name = Assert.Single(Events(trace, "M"), e => (string?)e["name"] == "thread_name");
        Assert.Equal(7, (int)name["tid"]!);
        Assert.Equal("main thread", (string?)name["args"]!["name"]);
        Assert.Equal("exact", (string?)Events(trace, "M").Single(e => (string?)e["name"] == "process_name")["args"]!["name"]);
        JsonObject begin = Assert.Single(Events(trace, "b"));
        JsonObject end = Assert.Single(Events(trace, "e"));
        Assert.Equal((string?)begin["id"], (string?)end["id"]);
        Assert.Equal("App.LoadAsync()", (string?)begin["name"]);
        Assert.Equal(51m, (decimal)begin["ts"]!);
        Assert.Equal(251m, (decimal)end["ts"]!);
    }

    [Fact]
    public void A_recorded_timeline_gives_strictly_nested_events_on_every_thread()
    {
        SessionReport session = SampleSessions.WithTimeline;
        JsonObject trace = Export(session);
        List<JsonObject> complete = Events(trace, "X");
        Assert.Equal(session.Timeline!.Threads.Sum(t => t.Kinds.Count(k => k == 'E')), complete.Count);
        foreach (TimelineThread thread in session.Timeline.Threads)
        {
            Assert.Contains(Events(trace, "M"), e => (string?)e["name"] == "thread_name" && (int)e["tid"]! == thread.ThreadId);
            AssertStrictlyNested(complete.Where(e => (int)e["tid"]! == thread.ThreadId));
            AssertNestedAsReadersAddDoubles(complete.Where(e => (int)e["tid"]! == thread.ThreadId));
        }

        Assert.Equal(session.Timeline.AsyncSpans.Count, Events(trace, "b").Count);
        Assert.Contains(complete, e => (string?)e["name"] == SampleSessions.ScriptName);
    }

    [Fact]
    public void Two_threads_that_had_one_id_are_drawn_on_tracks_of_their_own_so_each_nests()
    {
        // The intermittent viewer failure: a thread id reused after its thread ended put two threads'
        // calls on one track, and speedscope said "Tried to end App.Lex;Scan when App.Parse(String) was
        // on the top of the stack".
        JsonObject trace = Export(SampleSessions.Exact(SampleSessions.ReusedThreadIdTimeline()));
        List<JsonObject> complete = Events(trace, "X");
        Assert.Equal(3, complete.Count);
        int[] tracks = [.. complete.Select(e => (int)e["tid"]!).Distinct().Order()];
        Assert.Equal([1, 2, 3], tracks);
        Assert.Equal(1, (int)complete.Single(e => (string?)e["name"] == "App.Parse(String)")["tid"]!);
        Assert.Equal(3, (int)complete.Single(e => (string?)e["name"] == "App.Lex;Scan")["tid"]!);
        foreach (int track in tracks)
        {
            AssertStrictlyNested(complete.Where(e => (int)e["tid"]! == track));
        }

        Dictionary<int, string?> names = Events(trace, "M").Where(e => (string?)e["name"] == "thread_name")
            .ToDictionary(e => (int)e["tid"]!, e => (string?)e["args"]!["name"]);
        Assert.Equal("worker", names[1]);
        Assert.Equal("Thread 1 [thread 2 with id 1]", names[3]);
        Assert.Equal("Thread 2", names[2]);
    }

    [Fact]
    public void With_a_timeline_the_sampled_call_tree_takes_a_track_no_thread_has()
    {
        // Thread 1 is the program's main thread: the sampled tree used to be drawn over its calls.
        SessionReport session = SampleSessions.WithCpuSamples() with { Timeline = SampleSessions.ReusedThreadIdTimeline() };
        JsonObject trace = Export(session);
        Assert.Equal(4, ChromeTraceWriter.SampledTreeThreadIdOf(session));
        Assert.Equal(ChromeTraceWriter.SampledTreeThreadId, ChromeTraceWriter.SampledTreeThreadIdOf(SampleSessions.WithCpuSamples()));
        List<JsonObject> complete = Events(trace, "X");
        Assert.Contains(complete, e => (string?)e["cat"] == "sampled" && (int)e["tid"]! == 4);
        Assert.All(complete.Where(e => (string?)e["cat"] == "sampled"), e => Assert.Equal(4, (int)e["tid"]!));
        Assert.Single(complete, e => (int)e["tid"]! == 1);
    }

    [Fact]
    public void Without_a_timeline_the_call_tree_is_laid_out_nested_on_one_named_synthetic_thread()
    {
        SessionReport session = SampleSessions.WithoutTimeline;
        JsonObject trace = Export(session);
        List<JsonObject> complete = Events(trace, "X");
        Assert.Equal(session.CallTree.Count, complete.Count);
        Assert.All(complete, e => Assert.Equal(ChromeTraceWriter.CallTreeThreadId, (int)e["tid"]!));
        Assert.Contains("not a timeline", (string?)Events(trace, "M").Single(e => (string?)e["name"] == "thread_name")["args"]!["name"], StringComparison.Ordinal);
        AssertStrictlyNested(complete);
        AssertNestedAsReadersAddDoubles(complete);
        // Roots one after another from 1 µs (DevTools leaves ts 0 out of a trace's bounds): the trace
        // spans their inclusive time added up.
        Assert.Equal(ChromeTraceWriter.StartNs, complete.Min(e => ToNs(e["ts"]!)));
        Assert.Equal(
            ChromeTraceWriter.StartNs + session.CallTree.Where(n => n.ParentId is null).Sum(n => n.InclusiveNs),
            complete.Max(e => ToNs((decimal)e["ts"]! + (decimal)e["dur"]!)));
    }

    [Fact]
    public void Children_that_add_up_to_more_than_their_async_parent_are_shrunk_to_fit()
    {
        // An async caller's time excludes awaited children: its children can add up to more.
        SessionReport session = SampleSessions.Exact() with
        {
            CallTree =
            [
                new CallTreeNode { Id = 0, ProbeId = 4, Calls = 1, InclusiveNs = 1_000, SelfNs = 0 },
                new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 1, Calls = 1, InclusiveNs = 1_500, SelfNs = 1_500 },
                new CallTreeNode { Id = 2, ParentId = 0, ProbeId = 2, Calls = 1, InclusiveNs = 500, SelfNs = 500 },
            ],
        };
        List<JsonObject> complete = Events(Export(session), "X");
        AssertStrictlyNested(complete);
        Assert.Equal(0.75m, (decimal)complete.Single(e => (string?)e["name"] == "App.Parse(String)")["dur"]!);
        Assert.Equal(0.25m, (decimal)complete.Single(e => (string?)e["name"] == "App.Lex;Scan")["dur"]!);
    }

    [Fact]
    public void Siblings_laid_end_to_start_nest_when_a_reader_adds_ts_and_dur_in_doubles()
    {
        // The reported case: 1332408.654 + 58983.891 = 1391392.5450000002 in doubles, past the next
        // sibling's ts of 1391392.545, so speedscope and DevTools misnested the call tree.
        const long Before = 1_332_408_654 - ChromeTraceWriter.StartNs;
        SessionReport session = SampleSessions.Exact() with
        {
            CallTree =
            [
                new CallTreeNode { Id = 0, ProbeId = 4, Calls = 1, InclusiveNs = 2_000_000_000, SelfNs = 0 },
                new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 1, Calls = 1, InclusiveNs = Before, SelfNs = Before },
                new CallTreeNode { Id = 2, ParentId = 0, ProbeId = 2, Calls = 1, InclusiveNs = 58_983_891, SelfNs = 58_983_891 },
                new CallTreeNode { Id = 3, ParentId = 0, ProbeId = 3, Calls = 1, InclusiveNs = 1_000, SelfNs = 1_000 },
            ],
        };
        List<JsonObject> complete = Events(Export(session), "X");
        JsonObject middle = complete.Single(e => (string?)e["name"] == "App.Lex;Scan");
        JsonObject next = complete.Single(e => (string?)e["name"] == "App.Emit()");
        // On the grid of 1/1024 µs, within half a nanosecond of the exact stamps, and ending exactly where the next begins.
        Assert.Equal(1_332_408.654296875, (double)middle["ts"]!);
        Assert.Equal(1_391_392.544921875, (double)next["ts"]!);
        Assert.Equal((double)next["ts"]!, (double)middle["ts"]! + (double)middle["dur"]!);
        AssertNestedAsReadersAddDoubles(complete);
    }

    [Fact]
    public void A_call_of_zero_nanoseconds_is_left_out_because_speedscope_ends_it_before_it_begins()
    {
        // Shrunk from the viewer check: a 0 ns scope beside its parent's end made speedscope warn
        // "Tried to end frame ..., but the stack was empty" and misnest the rest.
        SessionReport session = SampleSessions.Exact() with
        {
            CallTree =
            [
                new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1, InclusiveNs = 1_000, SelfNs = 1_000 },
                new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 1, Calls = 1, InclusiveNs = 0, SelfNs = 0 },
            ],
        };
        JsonObject only = Assert.Single(Events(Export(session), "X"));
        Assert.Equal("App.Main()", (string?)only["name"]);
    }

    /// <summary>Nesting as a viewer checks it: each end is <c>ts + dur</c> in IEEE doubles.</summary>
    internal static void AssertNestedAsReadersAddDoubles(IEnumerable<JsonObject> events)
    {
        var spans = events.Select(e => (Name: (string?)e["name"], Start: (double)e["ts"]!, End: (double)e["ts"]! + (double)e["dur"]!))
            .OrderBy(s => s.Start).ThenByDescending(s => s.End).ToList();
        var open = new Stack<(string? Name, double Start, double End)>();
        foreach (var span in spans)
        {
            Assert.True(span.Start > 0, $"{span.Name} starts at {span.Start}, not after 0");
            while (open.Count > 0 && open.Peek().End <= span.Start)
            {
                open.Pop();
            }

            if (open.Count > 0)
            {
                Assert.True(span.End <= open.Peek().End, $"{span.Name} [{span.Start:R}, {span.End:R}] overlaps {open.Peek().Name} [{open.Peek().Start:R}, {open.Peek().End:R}] as a reader adds doubles");
            }

            open.Push(span);
        }
    }

    private static JsonObject Export(SessionReport session) =>
        JsonNode.Parse(new ChromeTraceWriter().WriteToString(ReportContent.Of(session)))!.AsObject();

    private static List<JsonObject> Events(JsonObject trace, string phase) =>
        [.. trace["traceEvents"]!.AsArray().Select(e => e!.AsObject()).Where(e => (string?)e["ph"] == phase)];

    private static long ToNs(JsonNode microseconds) => ToNs((decimal)microseconds);

    /// <summary>Microseconds on the trace's 1/1024 µs grid back to the nearest nanosecond.</summary>
    private static long ToNs(decimal microseconds) => (long)Math.Round(microseconds * 1000);

    /// <summary>On one thread, any two complete events are disjoint or one contains the other.</summary>
    private static void AssertStrictlyNested(IEnumerable<JsonObject> events)
    {
        var spans = events.Select(e => (Name: (string?)e["name"], Start: ToNs(e["ts"]!), End: ToNs((decimal)e["ts"]! + (decimal)e["dur"]!)))
            .OrderBy(s => s.Start).ThenByDescending(s => s.End).ToList();
        var open = new Stack<(string? Name, long Start, long End)>();
        foreach (var span in spans)
        {
            Assert.True(span.End >= span.Start, $"{span.Name} ends before it starts");
            while (open.Count > 0 && open.Peek().End <= span.Start)
            {
                open.Pop();
            }

            if (open.Count > 0)
            {
                Assert.True(span.End <= open.Peek().End, $"{span.Name} [{span.Start}, {span.End}] overlaps {open.Peek().Name} [{open.Peek().Start}, {open.Peek().End}] without nesting");
            }

            open.Push(span);
        }
    }
}
