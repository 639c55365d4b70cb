using System.Text.Json;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// speedscope's file format (https://www.speedscope.app/file-format-schema.json). With a timeline,
/// one evented profile per thread (opens and closes, nested, in time order) and one per lane of async
/// spans; in every case, a sampled profile of the merged call tree, each path weighted by its self time.
/// With CPU samples, that profile also holds the sampled frames below the probes and under
/// <c>(outside probes)</c> (weighted by samples × interval), their names marked <c>~</c> as estimates.
/// With allocation samples, a further sampled profile weighs the same kind of stacks by estimated bytes
/// (unit <c>bytes</c>): the allocation flame graph beside the time one, in the same file.
/// Times are in nanoseconds since the session started.
/// </summary>
public sealed class SpeedscopeWriter : IReportWriter
{
    /// <summary>The <c>$schema</c> a speedscope file names.</summary>
    public const string SchemaUrl = "https://www.speedscope.app/file-format-schema.json";

    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Speedscope;

    /// <inheritdoc />
    public void Write(ReportContent content, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        SessionReport session = content.RequireSession(Format);
        var tree = new CallTreeIndex(session);
        var frames = new Dictionary<int, int>();
        var frameProbes = new List<int>();
        int FrameOf(int probeId)
        {
            if (!frames.TryGetValue(probeId, out int index))
            {
                frames[probeId] = index = frameProbes.Count;
                frameProbes.Add(probeId);
            }

            return index;
        }

        using var sink = new JsonTextSink(output);
        Utf8JsonWriter json = sink.Json;
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUrl);
        json.WriteString("name", session.Name);
        json.WriteString("exporter", "Edm.Profiling " + typeof(SpeedscopeWriter).Assembly.GetName().Version?.ToString(3));
        json.WriteNumber("activeProfileIndex", 0);
        json.WriteStartArray("profiles");
        if (session.Timeline is { } timeline)
        {
            long end = Math.Max(session.DurationNs, timeline.Threads.Select(NestedTimeline.LastNs).DefaultIfEmpty(0).Max());
            foreach (TimelineTrack track in TimelineTracks.Of(timeline))
            {
                WriteEvented(sink, track.Label(withId: true), end, NestedTimeline.Events(track.Thread, end), FrameOf);
            }

            IReadOnlyList<IReadOnlyList<AsyncSpan>> lanes = AsyncSpanLanes.Assign(timeline.AsyncSpans);
            for (int lane = 0; lane < lanes.Count; lane++)
            {
                long laneEnd = Math.Max(end, lanes[lane].Max(s => s.EndNs));
                WriteEvented(sink, $"Async calls (lane {lane + 1})", laneEnd, LaneEvents(lanes[lane]), FrameOf);
            }
        }

        var sampledFrames = new Dictionary<string, int>(StringComparer.Ordinal);
        var sampledList = new List<MergedFrame>();
        int SampledFrameOf(MergedFrame frame)
        {
            if (!frame.Sampled)
            {
                return FrameOf(frame.ProbeId);
            }

            if (!sampledFrames.TryGetValue(frame.Name, out int index))
            {
                sampledFrames[frame.Name] = index = -1 - sampledList.Count;
                sampledList.Add(frame);
            }

            return index;
        }

        // Every stack is numbered before any merged profile is written, so the probe frames are all
        // known when the sampled frames' indexes are fixed after them.
        List<(int[] Frames, long Weight)>? cpuStacks = session.CpuSamples is null ? null
            : [.. MergedStacks.Of(session).Select(s => (s.Frames.Select(SampledFrameOf).ToArray(), s.WeightNs))];
        List<(int[] Frames, long Weight)>? allocationStacks = session.AllocationSamples is null ? null
            : [.. AllocationTree.Stacks(session).Select(s => (s.Frames.Select(SampledFrameOf).ToArray(), s.Bytes))];
        if (cpuStacks is not null)
        {
            WriteMergedSampled(sink, session.Name + " — merged call tree with CPU samples", "nanoseconds", cpuStacks, () => frameProbes.Count);
        }
        else
        {
            WriteSampled(sink, session.Name + " — merged call tree", tree, FrameOf);
        }

        if (allocationStacks is not null)
        {
            WriteMergedSampled(sink, session.Name + " — allocations (estimated bytes)", "bytes", allocationStacks, () => frameProbes.Count);
        }

        json.WriteEndArray();

        json.WriteStartObject("shared");
        json.WriteStartArray("frames");
        foreach (int probeId in frameProbes)
        {
            json.WriteStartObject();
            json.WriteString("name", tree.NameOf(probeId));
            if (session.FindProbe(probeId) is { File: { Length: > 0 } file } probe)
            {
                json.WriteString("file", file);
                if (probe.Line > 0)
                {
                    json.WriteNumber("line", probe.Line);
                }
            }

            json.WriteEndObject();
        }

        foreach (MergedFrame frame in sampledList)
        {
            json.WriteStartObject();
            json.WriteString("name", "~ " + frame.Name);
            if (frame.File is { Length: > 0 } file)
            {
                json.WriteString("file", file);
                if (frame.Line > 0)
                {
                    json.WriteNumber("line", frame.Line);
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The merged stacks as one sampled profile. Sampled frames carry negative provisional indexes
    /// (-1, -2, …) until the probe frames are all numbered; they are written after them.
    /// </summary>
    private static void WriteMergedSampled(JsonTextSink sink, string name, string unit, List<(int[] Frames, long Weight)> stacks, Func<int> probeFrameCount)
    {
        Utf8JsonWriter json = sink.Json;
        int offset = probeFrameCount();
        json.WriteStartObject();
        json.WriteString("type", "sampled");
        json.WriteString("name", name);
        json.WriteString("unit", unit);
        json.WriteNumber("startValue", 0);
        json.WriteStartArray("samples");
        foreach ((int[] frames, _) in stacks)
        {
            json.WriteStartArray();
            foreach (int frame in frames)
            {
                json.WriteNumberValue(frame >= 0 ? frame : offset + (-1 - frame));
            }

            json.WriteEndArray();
            sink.FlushIfLarge();
        }

        json.WriteEndArray();
        json.WriteStartArray("weights");
        foreach ((_, long weight) in stacks)
        {
            json.WriteNumberValue(weight);
        }

        json.WriteEndArray();
        json.WriteNumber("endValue", stacks.Sum(s => s.Weight));
        json.WriteEndObject();
    }

    private static void WriteEvented(JsonTextSink sink, string name, long endNs, IEnumerable<TimelineEvent> events, Func<int, int> frameOf)
    {
        Utf8JsonWriter json = sink.Json;
        json.WriteStartObject();
        json.WriteString("type", "evented");
        json.WriteString("name", name);
        json.WriteString("unit", "nanoseconds");
        json.WriteNumber("startValue", 0);
        json.WriteNumber("endValue", endNs);
        json.WriteStartArray("events");
        foreach (TimelineEvent e in events)
        {
            json.WriteStartObject();
            json.WriteString("type", e.IsOpen ? "O" : "C");
            json.WriteNumber("frame", frameOf(e.ProbeId));
            json.WriteNumber("at", e.AtNs);
            json.WriteEndObject();
            sink.FlushIfLarge();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The opens and closes of one lane, whose spans nest (see <see cref="AsyncSpanLanes"/>).</summary>
    private static IEnumerable<TimelineEvent> LaneEvents(IReadOnlyList<AsyncSpan> lane)
    {
        var open = new Stack<AsyncSpan>();
        foreach (AsyncSpan span in lane)
        {
            while (open.Count > 0 && open.Peek().EndNs <= span.StartNs)
            {
                AsyncSpan done = open.Pop();
                yield return new TimelineEvent(false, done.ProbeId, done.EndNs, done.StartNs, open.Count);
            }

            yield return new TimelineEvent(true, span.ProbeId, span.StartNs, span.StartNs, open.Count);
            open.Push(span);
        }

        while (open.Count > 0)
        {
            AsyncSpan done = open.Pop();
            yield return new TimelineEvent(false, done.ProbeId, done.EndNs, done.StartNs, open.Count);
        }
    }

    private static void WriteSampled(JsonTextSink sink, string name, CallTreeIndex tree, Func<int, int> frameOf)
    {
        Utf8JsonWriter json = sink.Json;
        var weights = new List<long>();
        json.WriteStartObject();
        json.WriteString("type", "sampled");
        json.WriteString("name", name);
        json.WriteString("unit", "nanoseconds");
        json.WriteNumber("startValue", 0);
        json.WriteStartArray("samples");
        foreach ((CallTreeNode node, IReadOnlyList<int> path) in tree.WalkWithPaths())
        {
            if (node.SelfNs <= 0)
            {
                continue;
            }

            json.WriteStartArray();
            foreach (int probeId in path)
            {
                json.WriteNumberValue(frameOf(probeId));
            }

            json.WriteEndArray();
            weights.Add(node.SelfNs);
            sink.FlushIfLarge();
        }

        json.WriteEndArray();
        json.WriteStartArray("weights");
        foreach (long weight in weights)
        {
            json.WriteNumberValue(weight);
        }

        json.WriteEndArray();
        json.WriteNumber("endValue", weights.Sum());
        json.WriteEndObject();
    }
}
