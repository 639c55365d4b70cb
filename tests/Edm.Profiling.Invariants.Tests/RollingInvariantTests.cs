using CsCheck;
using Edm.Profiling.Analysis;
using Edm.Profiling.Invariants.Tests.Programs;

namespace Edm.Profiling.Invariants.Tests;

/// <summary>
/// Rolling sessions against the whole: random programs cut into intervals at every other clock step (calls
/// in flight at most cuts), whose interval sessions, merged by <see cref="SessionMerge"/>, give exactly the
/// deterministic figures of the session the run would have written whole.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class RollingInvariantTests
{
    [Fact]
    public void Merged_interval_sessions_have_the_figures_of_the_whole_session() =>
        ProgramGen.Programs.Sample(program =>
        {
            (SessionReport whole, List<SessionReport> intervals) = Sessions.RunRolling(program);
            Assert.All(intervals.Select((s, i) => s.Interval!.Index == i + 1), Assert.True);
            SessionReport merged = SessionMerge.Merge([.. intervals.Select(s => ($"interval {s.Interval!.Index}", s))]);

            Assert.Equal(Figures(whole), Figures(merged));
            Assert.Equal(Paths(whole), Paths(merged));
        }, iter: Sessions.Iterations / 3, threads: 1, print: p => p.ToString());

    /// <summary>Per probe name, what adds up exactly: counts, times, bytes, the histogram and what is read from it.</summary>
    private static Dictionary<string, string> Figures(SessionReport report) =>
        report.Methods.ToDictionary(
            m => report.FindProbe(m.ProbeId)!.Name,
            m => $"calls {m.Calls} faulted {m.FaultedCalls} inclusive {m.InclusiveNs} self {m.SelfNs} total {m.TotalNs} min {m.MinNs} max {m.MaxNs} mean {m.MeanNs} "
                + $"p50 {m.P50Ns} p90 {m.P90Ns} p99 {m.P99Ns} histogram {string.Join(",", m.Histogram.Buckets)}/{string.Join(",", m.Histogram.Counts)} "
                + $"allocated {m.Allocations?.AllocatedBytes} self {m.Allocations?.SelfAllocatedBytes} io {m.Io?.Calls}");

    /// <summary>Per call-tree path of probe names, the figures of the nodes with calls (a merge may keep an ancestor that was only in flight).</summary>
    private static Dictionary<string, string> Paths(SessionReport report)
    {
        var byId = report.CallTree.ToDictionary(n => n.Id);
        string PathOf(CallTreeNode node) =>
            (node.ParentId is { } parent ? PathOf(byId[parent]) + " > " : "") + report.FindProbe(node.ProbeId)!.Name;
        return report.CallTree.Where(n => n.Calls > 0).ToDictionary(
            PathOf,
            n => $"calls {n.Calls} inclusive {n.InclusiveNs} self {n.SelfNs} allocated {n.AllocatedBytes} self {n.SelfAllocatedBytes}");
    }
}
