using System.Text.Json;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// Chrome's trace event format (JSON object form), which Perfetto (ui.perfetto.dev), Chrome DevTools,
/// chrome://tracing and speedscope open. <c>ts</c> and <c>dur</c> are microseconds.
/// </summary>
/// <remarks>
/// With a timeline, each thread's calls are complete (<c>X</c>) events, strictly nested, under a
/// <c>thread_name</c> metadata event; async calls are nestable async events (<c>b</c>/<c>e</c>) with
/// an id each. Without one, the merged call tree is laid out as a single synthetic thread, each node
/// as long as its inclusive time and its children one after another inside it: the shape of the
/// profile, not a record of when things ran (the thread's name says so). The layout starts at
/// <see cref="CallTreeStartNs"/>, not 0, which some viewers read as "no time" and leave out of the
/// trace's bounds.
/// <para>
/// Readers parse <c>ts</c> and <c>dur</c> into doubles and compute a call's end as <c>ts + dur</c>, which
/// can round one step past the next call's <c>ts</c> and break nesting (speedscope then ends the wrong
/// frame, DevTools drops the event). So <c>ts</c> is the double nearest the exact microseconds, and
/// <c>dur</c> is chosen (<see cref="DurationFor"/>) so that <c>ts + dur</c> in doubles is the double
/// nearest the exact end, or just below it: what nests in nanoseconds nests for every reader.
/// </para>
/// </remarks>
public sealed class ChromeTraceWriter : IReportWriter
{
    private const int ProcessId = 1;

    /// <summary>Thread id of the synthetic thread that holds the call tree when there is no timeline.</summary>
    public const int CallTreeThreadId = 0;

    /// <summary>Where the merged call tree's layout starts, in nanoseconds: 1 µs.</summary>
    public const long CallTreeStartNs = 1_000;

    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Chrome;

    /// <inheritdoc />
    public void Write(ReportContent content, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        SessionReport session = content.RequireSession(Format);
        var tree = new CallTreeIndex(session);
        var categories = new Dictionary<int, string>();
        foreach (ProbeInfo probe in session.Probes)
        {
            categories.TryAdd(probe.Id, probe.Category is { Length: > 0 } category ? category : probe.Kind.ToString());
        }

        string CategoryOf(int probeId) => categories.TryGetValue(probeId, out string? c) ? c : "probe";

        using var sink = new JsonTextSink(output);
        Utf8JsonWriter json = sink.Json;
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ns");
        json.WriteStartArray("traceEvents");
        WriteMetadata(json, "process_name", 0, session.Name);
        if (session.Timeline is { } timeline)
        {
            long end = Math.Max(session.DurationNs, timeline.Threads.Select(NestedTimeline.LastNs).DefaultIfEmpty(0).Max());
            foreach (TimelineThread thread in timeline.Threads)
            {
                WriteMetadata(json, "thread_name", thread.ThreadId, thread.Name is { Length: > 0 } name ? name : $"Thread {thread.ThreadId}");
                foreach (TimelineEvent e in NestedTimeline.Events(thread, end))
                {
                    if (!e.IsOpen)
                    {
                        WriteComplete(json, tree.NameOf(e.ProbeId), CategoryOf(e.ProbeId), thread.ThreadId, e.OpenedAtNs, e.AtNs - e.OpenedAtNs);
                        sink.FlushIfLarge();
                    }
                }
            }

            int id = 0;
            foreach (AsyncSpan span in timeline.AsyncSpans)
            {
                id++;
                WriteAsync(json, 'b', tree.NameOf(span.ProbeId), id, span.StartNs);
                WriteAsync(json, 'e', tree.NameOf(span.ProbeId), id, Math.Max(span.StartNs, span.EndNs));
                sink.FlushIfLarge();
            }
        }
        else
        {
            WriteMetadata(json, "thread_name", CallTreeThreadId, "Merged call tree (aggregate, not a timeline)");
            LayOut(tree, (node, start, duration) =>
            {
                WriteComplete(json, tree.NameOf(node.ProbeId), CategoryOf(node.ProbeId), CallTreeThreadId, start, duration);
                sink.FlushIfLarge();
            });
        }

        json.WriteEndArray();
        json.WriteStartObject("otherData");
        json.WriteString("session", session.Name);
        json.WriteString("startedAt", session.StartedAt);
        json.WriteString("source", session.Timeline is null ? "call tree" : "timeline");
        json.WriteNumber("droppedEvents", session.Timeline?.DroppedEvents ?? 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// Places every node of the tree on one time line: roots one after another, children one after
    /// another from their parent's start. Children of an async parent can add up to more than it (its
    /// time excludes awaited children); they are then shrunk in proportion to fit, so nesting holds.
    /// </summary>
    internal static void LayOut(CallTreeIndex tree, Action<CallTreeNode, long, long> place)
    {
        var pending = new Stack<(CallTreeNode Node, long Start, long Duration)>();
        long at = CallTreeStartNs;
        var roots = new List<(CallTreeNode, long, long)>();
        foreach (CallTreeNode root in tree.Roots)
        {
            long duration = Math.Max(0, root.InclusiveNs);
            roots.Add((root, at, duration));
            at += duration;
        }

        for (int i = roots.Count - 1; i >= 0; i--)
        {
            pending.Push(roots[i]);
        }

        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            (CallTreeNode node, long start, long duration) = pending.Pop();
            if (!seen.Add(node.Id))
            {
                continue;
            }

            place(node, start, duration);
            IReadOnlyList<CallTreeNode> children = tree.ChildrenOf(node);
            long sum = children.Sum(c => Math.Max(0, c.InclusiveNs));
            double scale = sum > duration && sum > 0 ? (double)duration / sum : 1.0;
            var placed = new List<(CallTreeNode, long, long)>(children.Count);
            long childAt = start;
            foreach (CallTreeNode child in children)
            {
                long childDuration = Math.Min((long)(Math.Max(0, child.InclusiveNs) * scale), start + duration - childAt);
                placed.Add((child, childAt, childDuration));
                childAt += childDuration;
            }

            for (int i = placed.Count - 1; i >= 0; i--)
            {
                pending.Push(placed[i]);
            }
        }
    }

    private static void WriteMetadata(Utf8JsonWriter json, string kind, int threadId, string name)
    {
        json.WriteStartObject();
        json.WriteString("name", kind);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", ProcessId);
        json.WriteNumber("tid", threadId);
        json.WriteStartObject("args");
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteComplete(Utf8JsonWriter json, string name, string category, int threadId, long startNs, long durationNs)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("cat", category);
        json.WriteString("ph", "X");
        json.WriteNumber("pid", ProcessId);
        json.WriteNumber("tid", threadId);
        double ts = Microseconds(startNs);
        json.WriteNumber("ts", ts);
        durationNs = Math.Max(0, durationNs);
        json.WriteNumber("dur", DurationFor(ts, Microseconds(startNs + durationNs), Microseconds(durationNs)));
        json.WriteEndObject();
    }

    private static void WriteAsync(Utf8JsonWriter json, char phase, string name, int id, long atNs)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("cat", "async");
        json.WriteString("ph", phase == 'b' ? "b" : "e");
        json.WriteString("id", "0x" + id.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("pid", ProcessId);
        json.WriteNumber("tid", CallTreeThreadId);
        json.WriteNumber("ts", Microseconds(atNs));
        json.WriteEndObject();
    }

    /// <summary>Nanoseconds as microseconds: the double nearest the exact value, as a reader parsing "1234.567" gets.</summary>
    internal static double Microseconds(long ns) => ns / 1000.0;

    /// <summary>
    /// The duration to write for a call from <paramref name="ts"/> to <paramref name="end"/>: the exact
    /// microseconds (<paramref name="exact"/>, short to write) when <c>ts + dur</c> in doubles, as readers
    /// add, does not pass <paramref name="end"/>; else the next doubles below it until it does not.
    /// </summary>
    internal static double DurationFor(double ts, double end, double exact)
    {
        double duration = Math.Max(0, exact);
        while (duration > 0 && ts + duration > end)
        {
            duration = Math.BitDecrement(duration);
        }

        return duration;
    }
}
