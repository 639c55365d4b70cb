namespace Edm.Profiling.EventPipe;

/// <summary>
/// Merges weighted allocation stacks into a session (<see cref="StackPlacement"/> places them on the
/// call tree, as CPU samples): totals by type and by site (the innermost frame of the program's own
/// code, and its line), per probe (inclusive: while it was anywhere on the stack; self: while it was
/// the innermost probe) with its top types and sites, per call-tree path, and the allocation subtrees
/// weighted by estimated bytes.
/// </summary>
internal sealed class AllocationAttribution
{
    /// <summary>Types and sites kept per probe.</summary>
    internal const int TopPerProbe = 5;

    /// <summary>Module name prefixes of the framework: a site is the innermost frame outside them.</summary>
    private static readonly string[] s_frameworkModules = ["System.", "Microsoft.", "mscorlib", "netstandard", "System"];

    private readonly SessionReport _report;
    private readonly AllocationEvents _events;
    private readonly StackPlacement _placement;
    private readonly Weights _all = new();
    private readonly Dictionary<string, Weights> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<SiteKey, Weights> _sites = [];
    private readonly Dictionary<int, ProbeTotals> _probes = [];
    private readonly Dictionary<int, Weights> _paths = [];
    private readonly Weights _outside = new();
    private readonly List<Weights> _nodes = []; // inclusive, by PlacedNode.Id
    private readonly List<Weights> _selfNodes = [];

    private AllocationAttribution(SessionReport report, AllocationEvents events)
    {
        _report = report;
        _events = events;
        _placement = new StackPlacement(report, events.Frames);
    }

    /// <summary>The <c>allocationSamples</c> section for <paramref name="report"/>.</summary>
    internal static AllocationSamples Attribute(SessionReport report, AllocationEvents events, string mode) =>
        new AllocationAttribution(report, events).Build(mode);

    private AllocationSamples Build(string mode)
    {
        foreach (AllocationStack stack in _events.Stacks)
        {
            Add(stack);
        }

        var paths = new List<AllocationPath>();
        foreach ((int? id, Weights w) in _paths.OrderBy(p => p.Key).Select(p => ((int?)p.Key, p.Value)).Append((null, _outside)))
        {
            if (w.Events > 0)
            {
                paths.Add(new AllocationPath { CallTreeNodeId = id, EstimatedBytes = w.RoundedBytes, EstimatedObjects = w.RoundedObjects, TopType = w.TopType });
            }
        }

        return new AllocationSamples
        {
            Source = _events.Source,
            Mode = mode,
            MeanIntervalBytes = _events.MeanIntervalBytes,
            Events = _all.Events,
            EstimatedBytes = _all.RoundedBytes,
            EstimatedObjects = _all.RoundedObjects,
            Types = TypesOf(_types),
            Sites = SitesOf(_sites),
            Probes = [.. _probes.OrderByDescending(p => p.Value.Inclusive.Bytes).ThenBy(p => p.Key).Select(p => p.Value.ToProbeAllocations(p.Key))],
            Paths = paths,
            Frames = _placement.Frames,
            Nodes = [.. _placement.Nodes.Select(n => new AllocationNode
            {
                Id = n.Id,
                ParentId = n.ParentId,
                CallTreeNodeId = n.CallTreeNodeId,
                FrameId = n.FrameId,
                EstimatedBytes = _nodes[n.Id].RoundedBytes,
                SelfEstimatedBytes = _selfNodes[n.Id].RoundedBytes,
                TopType = _selfNodes[n.Id].TopType,
            })],
        };
    }

    private void Add(AllocationStack stack)
    {
        _all.Add(stack);
        Get(_types, stack.Type).Add(stack);
        if (stack.Frames.Length == 0)
        {
            return; // no stack: counted by type, placed nowhere
        }

        Placement placement = _placement.Place(stack.Frames);
        SiteKey? site = SiteOf(stack, placement);
        if (site is { } key)
        {
            Get(_sites, key).Add(stack);
        }

        (placement.CallTreeNodeId is { } path ? Get(_paths, path) : _outside).Add(stack);
        List<int> probes = _placement.ProbesOnPath(placement.CallTreeNodeId);
        for (int i = 0; i < probes.Count; i++)
        {
            if (!_probes.TryGetValue(probes[i], out ProbeTotals? totals))
            {
                _probes[probes[i]] = totals = new ProbeTotals();
            }

            totals.Add(stack, site, self: i == 0);
        }

        while (_nodes.Count < _placement.Nodes.Count)
        {
            _nodes.Add(new Weights());
            _selfNodes.Add(new Weights());
        }

        for (int i = 0; i < placement.Nodes.Count; i++)
        {
            int node = placement.Nodes[i].NodeId;
            _nodes[node].Add(stack);
            if (i == placement.Nodes.Count - 1)
            {
                _selfNodes[node].Add(stack);
            }
        }
    }

    /// <summary>
    /// <see cref="StackPlacement.ProfilerFrame"/> when the stack ends in the profiler's runtime; otherwise
    /// the innermost frame of the program's own code (not the framework's, not an interceptor), failing
    /// that the innermost managed frame. When the probed method was inlined into its interceptor and
    /// nothing of the program's runs below it, the site is that method (its line unknown): its body is
    /// the innermost code of the program, though it has no frame of its own.
    /// </summary>
    private SiteKey? SiteOf(AllocationStack stack, Placement placement)
    {
        if (placement.Nodes is [.., (_, -1)])
        {
            return new SiteKey(StackPlacement.ProfilerFrame, null, null); // the profiler's runtime allocated it, not the program
        }

        int fallback = -1;
        for (int i = stack.Frames.Length - 1; i >= 0; i--)
        {
            if (placement.BodyInlined && i == placement.BodyFrame && _placement.ProbeOf(placement.CallTreeNodeId) is { } probeId
                && _report.FindProbe(probeId) is { } probe)
            {
                return new SiteKey(probe.Name, probe.File, null);
            }

            StackFrame frame = _events.Frames[stack.Frames[i]];
            if (frame.Name.StartsWith(GcPollFrames.NativeCode, StringComparison.Ordinal) || ProbeFrameMatcher.IsGenerated(frame.Name))
            {
                continue;
            }

            if (fallback < 0)
            {
                fallback = i;
            }

            if (!IsFramework(frame.Module))
            {
                return SiteAt(stack, i);
            }
        }

        return fallback >= 0 ? SiteAt(stack, fallback) : null;
    }

    private SiteKey SiteAt(AllocationStack stack, int index)
    {
        StackFrame frame = _events.Frames[stack.Frames[index]];
        int line = stack.Lines[index];
        return new SiteKey(frame.Name, line > 0 ? frame.File : null, line > 0 ? line : null);
    }

    private static bool IsFramework(string? module) =>
        module is null || s_frameworkModules.Any(m => m.EndsWith('.') ? module.StartsWith(m, StringComparison.Ordinal) : module == m);

    private static List<AllocatedType> TypesOf(Dictionary<string, Weights> types, int? top = null) =>
        [.. types.OrderByDescending(t => t.Value.Bytes).ThenBy(t => t.Key, StringComparer.Ordinal).Take(top ?? int.MaxValue)
            .Select(t => new AllocatedType { Name = t.Key, EstimatedBytes = t.Value.RoundedBytes, EstimatedObjects = t.Value.RoundedObjects, Events = t.Value.Events })];

    private static List<AllocationSite> SitesOf(Dictionary<SiteKey, Weights> sites, int? top = null) =>
        [.. sites.OrderByDescending(s => s.Value.Bytes).ThenBy(s => s.Key.Method, StringComparer.Ordinal).ThenBy(s => s.Key.Line).Take(top ?? int.MaxValue)
            .Select(s => new AllocationSite
            {
                Method = s.Key.Method,
                File = s.Key.File,
                Line = s.Key.Line,
                TopType = s.Value.TopType,
                EstimatedBytes = s.Value.RoundedBytes,
                EstimatedObjects = s.Value.RoundedObjects,
                Events = s.Value.Events,
            })];

    private static TValue Get<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key)
        where TKey : notnull
        where TValue : new()
    {
        if (!map.TryGetValue(key, out TValue? value))
        {
            map[key] = value = new TValue();
        }

        return value;
    }

    private readonly record struct SiteKey(string Method, string? File, int? Line);

    /// <summary>Estimated bytes and objects, events, and bytes by type (for the top type).</summary>
    private sealed class Weights
    {
        private readonly Dictionary<string, double> _byType = new(StringComparer.Ordinal);

        internal double Bytes { get; private set; }

        internal double Objects { get; private set; }

        internal long Events { get; private set; }

        internal long RoundedBytes => (long)Math.Round(Bytes);

        internal long RoundedObjects => (long)Math.Round(Objects);

        internal string? TopType => _byType.Count == 0 ? null
            : _byType.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).First().Key;

        internal void Add(AllocationStack stack)
        {
            Bytes += stack.Bytes;
            Objects += stack.Objects;
            Events += stack.Events;
            _byType[stack.Type] = _byType.GetValueOrDefault(stack.Type) + stack.Bytes;
        }
    }

    private sealed class ProbeTotals
    {
        private readonly Dictionary<string, Weights> _types = new(StringComparer.Ordinal);
        private readonly Dictionary<SiteKey, Weights> _sites = [];

        internal Weights Inclusive { get; } = new();

        internal Weights Self { get; } = new();

        internal void Add(AllocationStack stack, SiteKey? site, bool self)
        {
            Inclusive.Add(stack);
            if (self)
            {
                Self.Add(stack);
            }

            Get(_types, stack.Type).Add(stack);
            if (site is { } key)
            {
                Get(_sites, key).Add(stack);
            }
        }

        internal ProbeAllocations ToProbeAllocations(int probeId) => new()
        {
            ProbeId = probeId,
            EstimatedBytes = Inclusive.RoundedBytes,
            SelfEstimatedBytes = Self.RoundedBytes,
            TopTypes = TypesOf(_types, TopPerProbe),
            TopSites = SitesOf(_sites, TopPerProbe),
        };
    }
}
