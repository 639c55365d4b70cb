namespace Edm.Profiling.EventPipe;

/// <summary>
/// Merges sampled CPU stacks into a session's call tree (<see cref="StackPlacement"/> places them): each
/// sample counts, running or waiting, on its call-tree path and on every subtree node of its stack, and
/// as the self sample of its innermost node; the lines the thread was at are counted beside.
/// The GC-poll frames a sample stopped in are cut first (<see cref="GcPollFrames"/>): the sample is the caller's.
/// A thread-pool worker spinning for work (<see cref="IdleWaitFrames"/>) counts as waiting.
/// </summary>
internal sealed class SampleAttribution
{
    private readonly SampledStacks _stacks;
    private readonly StackPlacement _placement;
    private readonly Dictionary<int, PathTotals> _paths = [];
    private readonly PathTotals _outside = new(null);
    private readonly List<NodeTotals> _nodes = []; // by PlacedNode.Id

    private SampleAttribution(SessionReport report, SampledStacks stacks)
    {
        _stacks = stacks;
        _placement = new StackPlacement(report, stacks.Frames);
    }

    /// <summary>The <c>cpuSamples</c> section for <paramref name="report"/>.</summary>
    internal static CpuSamples Attribute(SessionReport report, SampledStacks stacks, string mode) =>
        new SampleAttribution(report, stacks).Build(mode);

    private CpuSamples Build(string mode)
    {
        long running = 0, waiting = 0;
        foreach (SampledStack stack in _stacks.Stacks)
        {
            bool isRunning = Place(stack);
            running += isRunning ? stack.Count : 0;
            waiting += isRunning ? 0 : stack.Count;
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
            Duty = _stacks.Duty,
            Windows = _stacks.Windows,
            Threads = _stacks.Threads,
            RunningSamples = running,
            WaitingSamples = waiting,
            Frames = _placement.Frames,
            Paths = paths,
            Nodes = [.. _placement.Nodes.Select(n => _nodes[n.Id].ToSampledNode(n))],
        };
    }

    /// <summary>Counts <paramref name="stack"/> on its path and nodes; returns whether it counted as running.</summary>
    private bool Place(SampledStack stack)
    {
        string[] names = [.. stack.Frames.Select(f => _stacks.Frames[f].Name)];
        int[] frames = stack.Frames[..GcPollFrames.KeptLength(names)]; // a sample stopped at the GC poll is its caller's
        if (stack.Running && IdleWaitFrames.IsIdle(names))
        {
            stack = stack with { Running = false }; // a pool worker spinning for work is waiting, whatever the sampler said
        }

        Placement placement = _placement.Place(frames);
        PathTotals totals = placement.CallTreeNodeId is { } id ? PathOf(id) : _outside;
        totals.Add(stack.Running, stack.Count);
        if (placement.BodyFrame >= 0 && !placement.BodyInlined && stack.Lines[placement.BodyFrame] > 0)
        {
            totals.AddLine(stack.Lines[placement.BodyFrame], stack.Count);
        }

        while (_nodes.Count < _placement.Nodes.Count)
        {
            _nodes.Add(new NodeTotals());
        }

        for (int i = 0; i < placement.Nodes.Count; i++)
        {
            (int nodeId, int stackIndex) = placement.Nodes[i];
            NodeTotals node = _nodes[nodeId];
            node.Add(stack.Running, stack.Count, self: i == placement.Nodes.Count - 1);
            if (stackIndex >= 0 && stack.Lines[stackIndex] > 0)
            {
                node.AddLine(stack.Lines[stackIndex], stack.Count);
            }
        }

        return stack.Running;
    }

    private PathTotals PathOf(int callTreeNodeId)
    {
        if (!_paths.TryGetValue(callTreeNodeId, out PathTotals? totals))
        {
            _paths[callTreeNodeId] = totals = new PathTotals(callTreeNodeId);
        }

        return totals;
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

    private sealed class NodeTotals : Totals
    {
        private long _selfRunning;
        private long _selfWaiting;

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

        internal SampledNode ToSampledNode(PlacedNode node) => new()
        {
            Id = node.Id,
            ParentId = node.ParentId,
            CallTreeNodeId = node.CallTreeNodeId,
            FrameId = node.FrameId,
            RunningSamples = Running,
            WaitingSamples = Waiting,
            SelfRunningSamples = _selfRunning,
            SelfWaitingSamples = _selfWaiting,
            Lines = Lines(),
        };
    }
}
