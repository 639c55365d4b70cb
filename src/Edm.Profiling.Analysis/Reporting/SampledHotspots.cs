using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// What the text reports say about CPU samples: one headline, then for the hottest probe paths the
/// frames their running samples fell in below the probe (<c>inside Fft.TransformFrame: 58%
/// Fourier.Forward (Fourier.cs:120), …</c>), and the same for <c>(outside probes)</c>.
/// </summary>
internal static class SampledHotspots
{
    private const int MaxPaths = 3;
    private const int MaxFrames = 3;

    /// <summary>A path or frame below this share of the running samples is not listed.</summary>
    private const double MinShare = 0.02;

    internal sealed record Hotspot(string Where, long RunningSamples, long EstimateNs, IReadOnlyList<(string Frame, double Share)> Frames);

    /// <summary>The headline, e.g. <c>CPU samples: 1,624 every 1.2 ms on 7 threads (199 running, 1,425 waiting; eventpipe, in-process); sampled times are estimates</c>.</summary>
    internal static string Headline(CpuSamples samples) => string.Create(
        CultureInfo.InvariantCulture,
        $"CPU samples: {samples.RunningSamples + samples.WaitingSamples:N0} every {SessionSummary.Duration(samples.IntervalNs)} on {samples.Threads} threads ({samples.RunningSamples:N0} running, {samples.WaitingSamples:N0} waiting; {samples.Source}{(samples.Mode is { } mode ? ", " + mode : "")}){Windowed(samples)}; sampled times are estimates");

    /// <summary>For a sampler that ran in windows, e.g. <c>, in 28 windows, on 25% of the time (times scaled ×4.0)</c>; empty otherwise.</summary>
    private static string Windowed(CpuSamples samples) => samples.Duty is { } duty and > 0 and < 1
        ? string.Create(CultureInfo.InvariantCulture, $", in {samples.Windows ?? 0:N0} windows, on {duty:0%} of the time (times scaled ×{1 / duty:0.0})")
        : "";

    internal static IReadOnlyList<Hotspot> Of(SessionReport session)
    {
        if (session.CpuSamples is not { } samples)
        {
            return [];
        }

        var sampled = new SampledTree(samples);
        var callTree = new CallTreeIndex(session);
        var names = session.CallTree.ToDictionary(n => n.Id, n => callTree.NameOf(n.ProbeId));
        long total = Math.Max(1, samples.RunningSamples);
        var hotspots = new List<Hotspot>();
        IEnumerable<SampledPath> probed = samples.Paths
            .Where(p => p.CallTreeNodeId is not null && (double)p.RunningSamples / total >= MinShare)
            .OrderByDescending(p => p.RunningSamples)
            .Take(MaxPaths);
        foreach (SampledPath path in probed)
        {
            string name = names.TryGetValue(path.CallTreeNodeId!.Value, out string? probe) ? ReportTables.Printable(probe) : $"#{path.CallTreeNodeId}";
            hotspots.Add(Describe($"inside {name}", sampled, path.CallTreeNodeId, path.RunningSamples));
        }

        if (sampled.PathOf(null) is { } outside && (double)outside.RunningSamples / total >= MinShare)
        {
            hotspots.Add(Describe(SampledTree.OutsideProbes, sampled, null, outside.RunningSamples));
        }

        return hotspots;
    }

    /// <summary>One line of text for a hotspot.</summary>
    internal static string Line(Hotspot hotspot)
    {
        string frames = hotspot.Frames.Count == 0
            ? "all in the method's own body"
            : string.Join(", ", hotspot.Frames.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Share * 100:0}% {f.Frame}")));
        return string.Create(CultureInfo.InvariantCulture, $"{hotspot.Where} ({hotspot.RunningSamples:N0} running samples ≈ {SessionSummary.Duration(hotspot.EstimateNs)}): {frames}");
    }

    /// <summary>The frames right below the probe (the method's callees, or the thread's outermost frames) by running samples.</summary>
    private static Hotspot Describe(string where, SampledTree sampled, int? callTreeNodeId, long running)
    {
        var frames = new List<(string, double)>();
        foreach (var group in sampled.TopsOf(callTreeNodeId)
            .GroupBy(n => n.FrameId)
            .Select(g => (Node: g.OrderByDescending(n => n.RunningSamples).First(), Running: g.Sum(n => n.RunningSamples)))
            .OrderByDescending(g => g.Running)
            .Take(MaxFrames))
        {
            double share = running == 0 ? 0 : (double)group.Running / running;
            if (share < MinShare)
            {
                break;
            }

            frames.Add((Label(sampled, Deepest(sampled, group.Node)), share));
        }

        return new Hotspot(where, running, sampled.EstimateNs(running), frames);
    }

    /// <summary>
    /// Follows a chain of single-child frames (wrappers, thread starts) down to where the samples
    /// spread or stop, so the line names the method that does the work.
    /// </summary>
    private static SampledNode Deepest(SampledTree sampled, SampledNode node)
    {
        while (sampled.ChildrenOf(node) is { Count: > 0 } children
            && children[0].RunningSamples >= node.RunningSamples * 0.9
            && node.SelfRunningSamples < node.RunningSamples * 0.1)
        {
            node = children.MaxBy(c => c.RunningSamples)!;
        }

        return node;
    }

    private static string Label(SampledTree sampled, SampledNode node)
    {
        SampledFrame frame = sampled.FrameOf(node);
        string name = ReportTables.Printable(SampledTree.ShortName(frame.Name));
        if (frame.File is { Length: > 0 } file && node.Lines is { Count: > 0 } lines)
        {
            int line = lines.MaxBy(l => l.Samples)!.Line;
            return string.Create(CultureInfo.InvariantCulture, $"{name} ({Path.GetFileName(file)}:{line})");
        }

        return name;
    }
}
