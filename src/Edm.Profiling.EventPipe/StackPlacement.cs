namespace Edm.Profiling.EventPipe;

/// <summary>
/// Places stacks on a session's call tree, whatever they weigh (CPU samples, allocated bytes). Each
/// stack is walked from its outermost frame: every probe met (an interceptor, then the method it wraps)
/// moves one step down the call tree, to the child path of that probe; the frames below the innermost
/// probe become nodes of a subtree under that path. A stack that meets no probe goes under
/// <c>(outside probes)</c>. Interceptor frames are left out of the subtrees (they are the probe), as is
/// the probed method's own frame (its lines belong to the path); a stack that stopped in the profiler's
/// own code under an interceptor (<c>Probe.Enter</c>, <c>Probe.Exit</c>) is cut at the interceptor, so no
/// probe machinery ever shows as a sampled frame. Elsewhere (no interceptor right above it: a session
/// starting or stopping on the program's thread, <c>Profiler.StartSession</c>), the profiler's runtime is
/// one <see cref="ProfilerFrame"/> node, standing for its frames and all they call, so its work is never
/// read as the program's.
/// </summary>
/// <remarks>
/// The placement gives node identities only (id, parent, path, frame); the caller keeps the weights,
/// indexed by <see cref="PlacedNode.Id"/>, so one walk serves every kind of sample.
/// </remarks>
internal sealed class StackPlacement
{
    /// <summary>The frame that stands for the profiler's runtime at work outside an interceptor, and all it calls.</summary>
    internal const string ProfilerFrame = "(profiler)";

    /// <summary>The profiler runtime's module (<c>Probe.Enter</c>, <c>Probe.Exit</c>, <c>ProfilingSession</c>).</summary>
    private const string ProfilerModule = "Edm.Profiling";

    private readonly IReadOnlyList<StackFrame> _stackFrames;
    private readonly ProbeFrameMatcher _matcher;
    private readonly Dictionary<int, List<CallTreeNode>> _children = []; // by parent id, -1 for the roots
    private readonly Dictionary<int, List<CallTreeNode>> _byProbe = [];
    private readonly Dictionary<int, CallTreeNode> _byId = [];

    private readonly Dictionary<(int? Path, int? Parent, int Frame), int> _nodeIds = [];
    private readonly List<PlacedNode> _nodes = [];
    private readonly Dictionary<int, int> _frameIds = [];
    private readonly List<SampledFrame> _frames = [];
    private int _profilerFrameId = -1;

    /// <param name="report">The session whose probes and call tree the stacks are placed on.</param>
    /// <param name="stackFrames">The frames the stacks' frame indexes point to.</param>
    internal StackPlacement(SessionReport report, IReadOnlyList<StackFrame> stackFrames)
    {
        _stackFrames = stackFrames;
        _matcher = new ProbeFrameMatcher(report.Probes);
        foreach (CallTreeNode node in report.CallTree)
        {
            Add(_children, node.ParentId ?? -1, node);
            Add(_byProbe, node.ProbeId, node);
            _byId[node.Id] = node;
        }
    }

    /// <summary>The frames the placed nodes name, by <see cref="PlacedNode.FrameId"/>.</summary>
    internal List<SampledFrame> Frames => _frames;

    /// <summary>Every node placed so far, by id (ids are 0, 1, 2, … in order of first placement).</summary>
    internal IReadOnlyList<PlacedNode> Nodes => _nodes;

    /// <summary>
    /// Places <paramref name="stack"/> (frame indexes, outermost first): its call-tree path, the index of the
    /// innermost probed method's frame (-1 with no probe), and one node per frame below it (interceptors
    /// left out), outermost first, each with the index of its frame in <paramref name="stack"/>.
    /// </summary>
    internal Placement Place(int[] stack)
    {
        string[] names = [.. stack.Select(f => _stackFrames[f].Name)];
        int? path = null;
        int bodyFrame = -1;
        bool inlined = false;
        int end = names.Length;
        for (int i = 0; i < end; i++)
        {
            if (!ProbeFrameMatcher.IsGenerated(names[i]) || (i + 1 < end && ProbeFrameMatcher.IsGenerated(names[i + 1])))
            {
                continue;
            }

            // An interceptor calling the profiler (Probe.Enter, Probe.Exit, what they call): the probe at work,
            // before or after its method, never a frame of the program. Cut there, so the sample is the
            // enclosing path's own, as the instrumented self time, which holds the inner probes' cost, counts it.
            if (i + 1 < end && _stackFrames[stack[i + 1]].Module == ProfilerModule)
            {
                end = i + 1;
                break;
            }

            // The end of a run of interceptor frames: the next frame is the method they wrap ...
            if (i + 1 < end && _matcher.ProbesOf(names[i + 1]) is { } probes && Step(path, probes) is { } next)
            {
                path = next.Id;
                bodyFrame = i + 1;
                inlined = false;
                i++;
            }

            // ... or the JIT inlined it into the interceptor, whose name then says which it is.
            else if (_matcher.ProbesOfInterceptor(names[i]) is { } own && Step(path, own) is { } wrapped)
            {
                path = wrapped.Id;
                bodyFrame = i;
                inlined = true;
            }
        }

        var placed = new List<(int NodeId, int StackIndex)>();
        int? parent = null;
        for (int i = bodyFrame + 1; i < end; i++)
        {
            if (ProbeFrameMatcher.IsGenerated(names[i]))
            {
                continue;
            }

            // The profiler's runtime outside an interceptor (a session starting or stopping on the program's
            // thread, Profiler.StartSession, a scope): its work, not the program's. One (profiler) frame
            // stands for it and what it calls, below the program's frames that called it.
            bool profiler = _stackFrames[stack[i]].Module == ProfilerModule;
            int id = NodeId(path, parent, profiler ? ProfilerFrameId() : FrameId(stack[i]));
            placed.Add((id, profiler ? -1 : i));
            if (profiler)
            {
                break;
            }

            parent = id;
        }

        return new Placement(path, bodyFrame, inlined, placed);
    }

    private int NodeId(int? path, int? parent, int frame)
    {
        var key = (path, parent, frame);
        if (!_nodeIds.TryGetValue(key, out int id))
        {
            id = _nodes.Count;
            _nodes.Add(new PlacedNode(id, parent, path, frame));
            _nodeIds[key] = id;
        }

        return id;
    }

    /// <summary>The probe of call-tree node <paramref name="callTreeNodeId"/>, or null.</summary>
    internal int? ProbeOf(int? callTreeNodeId) =>
        callTreeNodeId is { } id && _byId.TryGetValue(id, out CallTreeNode? node) ? node.ProbeId : null;

    /// <summary>The probes on the call-tree path <paramref name="callTreeNodeId"/>, innermost first, each once (recursion counts once).</summary>
    internal List<int> ProbesOnPath(int? callTreeNodeId)
    {
        var probes = new List<int>();
        for (int? id = callTreeNodeId; id is { } current && _byId.TryGetValue(current, out CallTreeNode? node); id = node.ParentId)
        {
            if (!probes.Contains(node.ProbeId))
            {
                probes.Add(node.ProbeId);
            }
        }

        return probes;
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

    /// <summary>The one <see cref="ProfilerFrame"/> frame, added on first use.</summary>
    private int ProfilerFrameId()
    {
        if (_profilerFrameId < 0)
        {
            _profilerFrameId = _frames.Count;
            _frames.Add(new SampledFrame { Name = ProfilerFrame, Module = ProfilerModule });
        }

        return _profilerFrameId;
    }

    private int FrameId(int stackFrame)
    {
        if (!_frameIds.TryGetValue(stackFrame, out int id))
        {
            StackFrame frame = _stackFrames[stackFrame];
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
}

/// <summary>A node of the subtrees: its id, the node above (null at the top of a subtree), the call-tree path it hangs under (null: outside probes) and its frame.</summary>
internal sealed record PlacedNode(int Id, int? ParentId, int? CallTreeNodeId, int FrameId);

/// <summary>
/// Where one stack landed: its call-tree path (null: outside probes), the index of the innermost probed
/// method's frame in the stack (-1 with none), and its subtree nodes, outermost first, each with the index
/// of its frame in the stack (-1 for the <see cref="StackPlacement.ProfilerFrame"/>, which stands for several).
/// The last node is the stack's own frame (its self weight goes there); with no node, the weight is the
/// probed method's own.
/// </summary>
/// <see cref="BodyInlined"/>: the probed method was inlined into its interceptor, so the body frame is the
/// interceptor's (its lines are the generated file's, not the method's).
internal sealed record Placement(int? CallTreeNodeId, int BodyFrame, bool BodyInlined, List<(int NodeId, int StackIndex)> Nodes);
