namespace Edm.Profiling.EventPipe;

/// <summary>
/// Merges sampled stacks into a session's call tree. Each stack is walked from its outermost frame:
/// every probe met (an interceptor, then the method it wraps) moves one step down the call tree, to
/// the child path of that probe; the frames below the innermost probe become a sampled subtree under
/// that path. A stack that meets no probe goes under <c>(outside probes)</c>. Interceptor frames are
/// left out of the subtrees (they are the probe), as is the probed method's own frame (its lines are
/// kept on the path), and so are the GC-poll frames a sample stopped in (<see cref="GcPollFrames"/>).
/// </summary>
internal sealed class SampleAttribution
{
    private readonly SampledStacks _stacks;
    private readonly ProbeFrameMatcher _matcher;
    private readonly Dictionary<int, List<CallTreeNode>> _children = []; // by parent id, -1 for the roots
    private readonly Dictionary<int, List<CallTreeNode>> _byProbe = [];

    // What is being built.
    private readonly Dictionary<(int? Path, int? Parent, int Frame), NodeTotals> _nodes = [];
    private readonly List<NodeTotals> _nodeOrder = [];
    private readonly Dictionary<int, PathTotals> _paths = [];
    private readonly PathTotals _outside = new(null);
    private readonly Dictionary<int, int> _frameIds = [];
    private readonly List<SampledFrame> _frames = [];

    private SampleAttribution(SessionReport report, SampledStacks stacks)
    {
        _stacks = stacks;
        _matcher = new ProbeFrameMatcher(report.Probes);
        foreach (CallTreeNode node in report.CallTree)
        {
            Add(_children, node.ParentId ?? -1, node);
            Add(_byProbe, node.ProbeId, node);
        }
    }

    /// <summary>The <c>cpuSamples</c> section for <paramref name="report"/>.</summary>
    internal static CpuSamples Attribute(SessionReport report, SampledStacks stacks, string mode) =>
        new SampleAttribution(report, stacks).Build(mode);

    private CpuSamples Build(string mode)
    {
        long running = 0, waiting = 0;
        foreach (SampledStack stack in _stacks.Stacks)
        {
            Place(stack);
            running += stack.Running ? stack.Count : 0;
            waiting += stack.Running ? 0 : stack.Count;
        }

        var paths = new List<SampledPath>();
        foreach (PathTotals path in _paths.Values.OrderBy(p => p.CallTreeNodeId).Append(_outside))
        {
            if (path.Running + path.Waiting > 0)
            {
                paths.Add(path.ToSampledPath());
            }
        }

        return new CpuSamples
        {
            Source = "eventpipe",
            Mode = mode,
            IntervalNs = _stacks.IntervalNs,
            Threads = _stacks.Threads,
            RunningSamples = running,
            WaitingSamples = waiting,
            Frames = _frames,
            Paths = paths,
            Nodes = [.. _nodeOrder.Select(n => n.ToSampledNode())],
        };
    }

    private void Place(SampledStack stack)
    {
        string[] names = [.. stack.Frames.Select(f => _stacks.Frames[f].Name)];
        names = names[..GcPollFrames.KeptLength(names)]; // a sample stopped at the GC poll is its caller's
        int? path = null;
        int bodyFrame = -1; // index of the innermost probed method's frame; the subtree starts below it
        for (int i = 0; i < names.Length; i++)
        {
            if (!ProbeFrameMatcher.IsGenerated(names[i]) || i + 1 >= names.Length || ProbeFrameMatcher.IsGenerated(names[i + 1]))
            {
                continue;
            }

            // The end of a run of interceptor frames: the next frame is the method they wrap.
            if (_matcher.ProbesOf(names[i + 1]) is { } probes && Step(path, probes) is { } next)
            {
                path = next.Id;
                bodyFrame = i + 1;
                i++;
            }
        }

        PathTotals totals = path is { } id ? PathOf(id) : _outside;
        totals.Add(stack.Running, stack.Count);
        if (bodyFrame >= 0 && stack.Lines[bodyFrame] > 0)
        {
            totals.AddLine(stack.Lines[bodyFrame], stack.Count);
        }

        NodeTotals? parent = null;
        for (int i = bodyFrame + 1; i < names.Length; i++)
        {
            if (ProbeFrameMatcher.IsGenerated(names[i]))
            {
                continue;
            }

            int frame = FrameId(stack.Frames[i]);
            var key = (path, parent?.Id, frame);
            if (!_nodes.TryGetValue(key, out NodeTotals? node))
            {
                node = new NodeTotals(_nodeOrder.Count, parent?.Id, path, frame);
                _nodes[key] = node;
                _nodeOrder.Add(node);
            }

            node.Add(stack.Running, stack.Count, self: i == names.Length - 1 || OnlyGeneratedAfter(names, i));
            if (stack.Lines[i] > 0)
            {
                node.AddLine(stack.Lines[i], stack.Count);
            }

            parent = node;
        }
    }

    private static bool OnlyGeneratedAfter(string[] names, int index)
    {
        for (int i = index + 1; i < names.Length; i++)
        {
            if (!ProbeFrameMatcher.IsGenerated(names[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The call-tree node one probe further down from <paramref name="path"/>: a child whose probe is one
    /// of <paramref name="probes"/> (the one with the most calls when overloads share a name); failing
    /// that (the call began before the session, or reached the probe by a route the tree does not
    /// have), the busiest node of that probe anywhere; null when the tree has none.
    /// </summary>
    private CallTreeNode? Step(int? path, IReadOnlyList<int> probes)
    {
        CallTreeNode? best = null;
        foreach (CallTreeNode child in _children.GetValueOrDefault(path ?? -1) ?? [])
        {
            if (probes.Contains(child.ProbeId) && (best is null || child.Calls > best.Calls))
            {
                best = child;
            }
        }

        if (best is not null)
        {
            return best;
        }

        foreach (int probe in probes)
        {
            foreach (CallTreeNode node in _byProbe.GetValueOrDefault(probe) ?? [])
            {
                if (best is null || node.Calls > best.Calls)
                {
                    best = node;
                }
            }
        }

        return best;
    }

    private PathTotals PathOf(int callTreeNodeId)
    {
        if (!_paths.TryGetValue(callTreeNodeId, out PathTotals? totals))
        {
            _paths[callTreeNodeId] = totals = new PathTotals(callTreeNodeId);
        }

        return totals;
    }

    private int FrameId(int stackFrame)
    {
        if (!_frameIds.TryGetValue(stackFrame, out int id))
        {
            StackFrame frame = _stacks.Frames[stackFrame];
            id = _frames.Count;
            _frames.Add(new SampledFrame { Name = frame.Name, Module = frame.Module, File = frame.File });
            _frameIds[stackFrame] = id;
        }

        return id;
    }

    private static void Add<TKey>(Dictionary<TKey, List<CallTreeNode>> map, TKey key, CallTreeNode node)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out List<CallTreeNode>? list))
        {
            map[key] = list = [];
        }

        list.Add(node);
    }

    /// <summary>Line counts, kept sorted by line when written.</summary>
    private abstract class Totals
    {
        private readonly SortedDictionary<int, long> _lines = [];

        internal long Running { get; private set; }

        internal long Waiting { get; private set; }

        internal void Add(bool running, long count)
        {
            if (running)
            {
                Running += count;
            }
            else
            {
                Waiting += count;
            }
        }

        internal void AddLine(int line, long count) => _lines[line] = _lines.GetValueOrDefault(line) + count;

        protected List<SampledLine>? Lines() =>
            _lines.Count == 0 ? null : [.. _lines.Select(l => new SampledLine { Line = l.Key, Samples = l.Value })];
    }

    private sealed class PathTotals(int? callTreeNodeId) : Totals
    {
        internal int? CallTreeNodeId { get; } = callTreeNodeId;

        internal SampledPath ToSampledPath() => new() { CallTreeNodeId = CallTreeNodeId, RunningSamples = Running, WaitingSamples = Waiting, Lines = Lines() };
    }

    private sealed class NodeTotals(int id, int? parentId, int? callTreeNodeId, int frameId) : Totals
    {
        private long _selfRunning;
        private long _selfWaiting;

        internal int Id { get; } = id;

        internal void Add(bool running, long count, bool self)
        {
            Add(running, count);
            if (self && running)
            {
                _selfRunning += count;
            }
            else if (self)
            {
                _selfWaiting += count;
            }
        }

        internal SampledNode ToSampledNode() => new()
        {
            Id = Id,
            ParentId = parentId,
            CallTreeNodeId = callTreeNodeId,
            FrameId = frameId,
            RunningSamples = Running,
            WaitingSamples = Waiting,
            SelfRunningSamples = _selfRunning,
            SelfWaitingSamples = _selfWaiting,
            Lines = Lines(),
        };
    }
}
