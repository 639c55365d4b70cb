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
/// profile, not a record of when things ran (the thread's name says so). Every stamp is the
/// session's time plus <see cref="StartNs"/>, so nothing sits at 0, which DevTools leaves out of a
/// trace's bounds. A session with CPU samples adds a second synthetic thread,
/// <see cref="SampledTreeThreadIdOf"/>: the merged call tree with the sampled frames below the probes
/// (category <c>sampled</c>, as long as their samples × interval) and an <c>(outside probes)</c> root.
/// <para>
/// Readers parse <c>ts</c> and <c>dur</c> into doubles and compute a call's end as <c>ts + dur</c>. With
/// decimal microseconds (<c>1332408.654 + 58983.891 = 1391392.5450000002</c>) that can land past the
/// next call's <c>ts</c> and break nesting: speedscope then ends the wrong frame, DevTools drops the
/// event. So stamps sit on a grid of 1/1024 µs (<see cref="Microseconds"/>), where doubles add exactly:
/// what nests in nanoseconds nests for every reader, within half a nanosecond of the exact times.
/// </para>
/// </remarks>
public sealed class ChromeTraceWriter : IReportWriter
{
    private const int ProcessId = 1;

    /// <summary>Thread id of the synthetic thread that holds the call tree when there is no timeline.</summary>
    public const int CallTreeThreadId = 0;

    /// <summary>
    /// Thread id of the synthetic thread that holds the call tree with its CPU samples, in a session
    /// without a timeline; with one, <see cref="SampledTreeThreadIdOf"/> (thread 1 is a real thread then).
    /// </summary>
    public const int SampledTreeThreadId = 1;

    /// <summary>
    /// Thread id of the synthetic thread with the CPU-sampled call tree: <see cref="SampledTreeThreadId"/>
    /// without a timeline, else one above every track the timeline's threads are drawn on.
    /// </summary>
    public static int SampledTreeThreadIdOf(SessionReport session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Timeline is { Threads.Count: > 0 } timeline
            ? TimelineTracks.Of(timeline).Max(t => t.TrackId) + 1
            : SampledTreeThreadId;
    }

    /// <summary>Where the trace starts, in nanoseconds: 1 µs, the stamp of the session's start.</summary>
    public const long StartNs = 1_000;

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
            IReadOnlyList<TimelineTrack> tracks = TimelineTracks.Of(timeline);
            foreach (TimelineTrack track in tracks)
            {
                WriteMetadata(json, "thread_name", track.TrackId, track.Label(withId: false));
                foreach (TimelineEvent e in NestedTimeline.Events(track.Thread, end))
                {
                    if (!e.IsOpen)
                    {
                        WriteComplete(json, tree.NameOf(e.ProbeId), CategoryOf(e.ProbeId), track.TrackId, e.OpenedAtNs, e.AtNs - e.OpenedAtNs);
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

        if (session.CpuSamples is not null)
        {
            int sampledTreeId = SampledTreeThreadIdOf(session);
            WriteMetadata(json, "thread_name", sampledTreeId, "Merged call tree with CPU samples (aggregate; sampled frames estimated)");
            LayOutMerged(session, (name, sampled, start, duration) =>
            {
                WriteComplete(json, name, sampled ? "sampled" : "probe", sampledTreeId, start, duration);
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
        long at = 0;
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

    /// <summary>
    /// Lays out the merged stacks (<see cref="MergedStacks"/>) as a tree on one time line: each frame as
    /// long as the weights below it, its children one after another from its start.
    /// </summary>
    private static void LayOutMerged(SessionReport session, Action<string, bool, long, long> place)
    {
        var root = new MergedNode(default);
        foreach ((IReadOnlyList<MergedFrame> frames, long weight) in MergedStacks.Of(session))
        {
            MergedNode node = root;
            node.Total += weight;
            foreach (MergedFrame frame in frames)
            {
                node = node.Child(frame);
                node.Total += weight;
            }
        }

        var pending = new Stack<(MergedNode Node, long Start)>();
        long at = 0;
        foreach (MergedNode top in root.Ordered())
        {
            pending.Push((top, at));
            at += top.Total;
        }

        while (pending.Count > 0)
        {
            (MergedNode node, long start) = pending.Pop();
            place(node.Frame.Name, node.Frame.Sampled, start, node.Total);
            long childAt = start;
            foreach (MergedNode child in node.Ordered())
            {
                pending.Push((child, childAt));
                childAt += child.Total;
            }
        }
    }

    private sealed class MergedNode(MergedFrame frame)
    {
        private readonly Dictionary<(string, bool), MergedNode> _children = [];

        internal MergedFrame Frame { get; } = frame;

        internal long Total { get; set; }

        internal MergedNode Child(MergedFrame frame)
        {
            if (!_children.TryGetValue((frame.Name, frame.Sampled), out MergedNode? child))
            {
                _children[(frame.Name, frame.Sampled)] = child = new MergedNode(frame);
            }

            return child;
        }

        internal IEnumerable<MergedNode> Ordered() => _children.Values.OrderByDescending(c => c.Total).ThenBy(c => c.Frame.Name, StringComparer.Ordinal);
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

    /// <summary>
    /// A complete event; none for a call too short for the grid, which no viewer draws and which
    /// speedscope, ending it before it begins among events of the same <c>ts</c>, would misnest.
    /// </summary>
    private static void WriteComplete(Utf8JsonWriter json, string name, string category, int threadId, long startNs, long durationNs)
    {
        startNs += StartNs;
        double duration = GridDuration(startNs, durationNs);
        if (duration <= 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("cat", category);
        json.WriteString("ph", "X");
        json.WriteNumber("pid", ProcessId);
        json.WriteNumber("tid", threadId);
        json.WriteNumber("ts", Microseconds(startNs));
        json.WriteNumber("dur", duration);
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
        json.WriteNumber("ts", Microseconds(StartNs + atNs));
        json.WriteEndObject();
    }

    /// <summary>
    /// Nanoseconds as microseconds on a grid of 1/1024 µs (under a nanosecond): the nearest grid point to
    /// the exact value. Grid points are exact in doubles, and so are their sums and differences, so the
    /// end a reader computes as <c>ts + dur</c> is exactly the grid point of the call's end.
    /// </summary>
    internal static double Microseconds(long ns) => GridTicks(ns) / (double)GridPerMicrosecond;

    private const long GridPerMicrosecond = 1024;

    /// <summary>The grid point nearest <paramref name="ns"/>, rounding halves up; monotone, so nesting is kept.</summary>
    private static long GridTicks(long ns) => ((Math.Max(0, ns) * GridPerMicrosecond) + 500) / 1000;

    /// <summary>A call's duration on the grid: its end's grid point minus its start's, exact in doubles.</summary>
    private static double GridDuration(long startNs, long durationNs) =>
        (GridTicks(startNs + Math.Max(0, durationNs)) - GridTicks(startNs)) / (double)GridPerMicrosecond;
}
