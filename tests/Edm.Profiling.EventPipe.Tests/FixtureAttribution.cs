namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// What every sampled run of the fixture must show, whichever way it was sampled: <c>Outer</c>'s
/// running samples fall in <c>HotLoop</c>, its sleep is waiting, the loops outside probes sit under
/// <c>(outside probes)</c>, and frames are named, with file and lines for the fixture's own code.
/// </summary>
internal static class FixtureAttribution
{
    internal static void AssertShape(SessionReport report)
    {
        CpuSamples samples = report.CpuSamples ?? throw new Xunit.Sdk.XunitException("no cpuSamples; warnings: " + string.Join(" | ", report.Warnings));
        string Name(SampledNode n) => samples.Frames[n.FrameId].Name;

        CallTreeNode outer = Assert.Single(report.CallTree, n => report.FindProbe(n.ProbeId)!.Name.Contains("Workload.Outer", StringComparison.Ordinal));
        SampledPath outerPath = Assert.Single(samples.Paths, p => p.CallTreeNodeId == outer.Id);
        Assert.True(outerPath.RunningSamples >= 10, $"Outer has only {outerPath.RunningSamples} running samples");

        // At least 70% of Outer's running samples name HotLoop.
        long hot = samples.Nodes.Where(n => n.CallTreeNodeId == outer.Id && n.ParentId is null && Name(n).Contains("Workload.HotLoop(", StringComparison.Ordinal)).Sum(n => n.RunningSamples);
        Assert.True(hot >= 0.7 * outerPath.RunningSamples, $"HotLoop has {hot} of Outer's {outerPath.RunningSamples} running samples");

        // The sleep is waiting, not running CPU.
        var sleeping = samples.Nodes.Where(n => n.CallTreeNodeId == outer.Id && Name(n).Contains("Thread.Sleep", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sleeping);
        long sleepRunning = sleeping.Where(n => n.ParentId is null).Sum(n => n.RunningSamples);
        long sleepWaiting = sleeping.Where(n => n.ParentId is null).Sum(n => n.WaitingSamples);
        Assert.True(sleepWaiting >= 10 && sleepRunning <= 0.1 * sleepWaiting, $"Thread.Sleep: {sleepRunning} running, {sleepWaiting} waiting samples");

        // The top-level loop is under (outside probes), and nowhere under Outer.
        Assert.Contains(samples.Nodes, n => n.CallTreeNodeId is null && Name(n).Contains("Workload.TopLevelLoop(", StringComparison.Ordinal) && n.RunningSamples > 0);
        Assert.DoesNotContain(samples.Nodes, n => n.CallTreeNodeId == outer.Id && Name(n).Contains("TopLevelLoop", StringComparison.Ordinal));
        Assert.True(Assert.Single(samples.Paths, p => p.CallTreeNodeId is null).RunningSamples > 0);

        // Samples stopped at the GC poll (where the sampler's own suspension parks a busy thread) are their caller's.
        Assert.DoesNotContain(samples.Nodes, n => GcPollFrames.IsPoll(Name(n)));

        // Names resolved, generic methods included; no bare addresses.
        Assert.Contains(samples.Frames, f => f.Name.Contains("Workload.GenericWork", StringComparison.Ordinal));
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("0x", StringComparison.Ordinal));

        // HotLoop's file is the fixture's source, and its sampled lines lie inside HotLoop.
        SampledFrame hotLoop = Assert.Single(samples.Frames, f => f.Name.Contains("Workload.HotLoop(", StringComparison.Ordinal));
        Assert.EndsWith("Workload.cs", hotLoop.File, StringComparison.Ordinal);
        (int first, int last) = MethodLines(Programs.WorkloadSource, "long HotLoop(");
        var lines = samples.Nodes.Where(n => n.FrameId == samples.Frames.ToList().IndexOf(hotLoop)).SelectMany(n => n.Lines ?? []).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.InRange(l.Line, first, last));
    }

    /// <summary>
    /// What every sampled run of the precompiled workload must show: <c>ReadClock</c>'s samples stop in
    /// CoreLib's precompiled P/Invoke stub, named by its method, never <c>[native code] System.Private.CoreLib</c>.
    /// </summary>
    internal static void AssertPrecompiledShape(SessionReport report)
    {
        CpuSamples samples = report.CpuSamples ?? throw new Xunit.Sdk.XunitException("no cpuSamples; warnings: " + string.Join(" | ", report.Warnings));
        CallTreeNode readClock = Assert.Single(report.CallTree, n => report.FindProbe(n.ProbeId)!.Name.Contains("PrecompiledWorkload.ReadClock", StringComparison.Ordinal));
        SampledPath path = Assert.Single(samples.Paths, p => p.CallTreeNodeId == readClock.Id);
        Assert.True(path.RunningSamples >= 10, $"ReadClock has only {path.RunningSamples} running samples");

        string Name(SampledNode n) => samples.Frames[n.FrameId].Name;
        long stub = samples.Nodes.Where(n => n.CallTreeNodeId == readClock.Id && Name(n) == "Interop+Sys.GetTimestamp()").Sum(n => n.RunningSamples);
        Assert.True(stub >= 0.5 * path.RunningSamples, $"Interop+Sys.GetTimestamp() has {stub} of ReadClock's {path.RunningSamples} running samples");
        Assert.DoesNotContain(samples.Nodes, n => n.CallTreeNodeId == readClock.Id && Name(n).StartsWith("[native code] System.Private.CoreLib", StringComparison.Ordinal));
    }

    /// <summary>The 1-based lines from a method's signature to its closing brace (the first line indented as the signature is).</summary>
    private static (int First, int Last) MethodLines(string file, string signature)
    {
        string[] source = File.ReadAllLines(file);
        int first = Array.FindIndex(source, l => l.Contains(signature, StringComparison.Ordinal));
        string indent = source[first][..(source[first].Length - source[first].TrimStart().Length)];
        int last = Array.FindIndex(source, first + 1, l => l == indent + "}");
        return (first + 1, last + 1);
    }
}
