using Edm.Profiling.Invariants.Tests.Programs;

namespace Edm.Profiling.Invariants.Tests;

/// <summary>The accounting invariants, asserted on a session and what its program recorded.</summary>
internal static class Invariants
{
    /// <summary>
    /// Per call-tree path: the calls, inclusive and self time the program's records give by the
    /// documented policy; per method: calls and faulted calls.
    /// </summary>
    internal static void AssertExactFigures(SessionReport report, CallRecord root)
    {
        var expected = new Dictionary<string, (long Calls, long Inclusive, long Self)>();
        var expectedMethods = new Dictionary<string, (long Calls, long Faulted)>();
        foreach (CallRecord call in root.Descendants())
        {
            string path = string.Join(" > ", call.Path());
            (long calls, long inclusive, long self) = expected.GetValueOrDefault(path);
            expected[path] = (calls + 1, inclusive + call.Inclusive, self + call.ExpectedSelf());
            (long methodCalls, long faulted) = expectedMethods.GetValueOrDefault(call.Key);
            expectedMethods[call.Key] = (methodCalls + 1, faulted + (call.Faulted ? 1 : 0));
        }

        Dictionary<string, (long Calls, long Inclusive, long Self)> actual = PathFigures(report);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach ((string path, var figures) in expected)
        {
            Assert.True(figures == actual[path], $"{path}: expected (calls, inclusive, self) {figures}, recorded {actual[path]}");
        }

        foreach ((string key, (long calls, long faulted)) in expectedMethods)
        {
            MethodStatistics method = report.Methods.Single(m => KeyOf(report, m.ProbeId) == key);
            Assert.True(calls == method.Calls, $"{key}: {calls} calls expected, {method.Calls} recorded");
            Assert.True(faulted == method.FaultedCalls, $"{key}: {faulted} faulted calls expected, {method.FaultedCalls} recorded");
        }

        Assert.Equal(expectedMethods.Count, report.Methods.Count);
    }

    /// <summary>0 ≤ self ≤ inclusive everywhere; a node's inclusive time covers its synchronous children's.</summary>
    internal static void AssertBounds(SessionReport report)
    {
        foreach (CallTreeNode node in report.CallTree)
        {
            Assert.InRange(node.SelfNs, 0, node.InclusiveNs);
            long synchronousChildren = report.CallTree
                .Where(c => c.ParentId == node.Id && report.FindProbe(c.ProbeId)?.Kind is ProbeKind.Method or ProbeKind.Iterator or ProbeKind.AsyncIterator)
                .Sum(c => c.InclusiveNs);
            Assert.True(node.InclusiveNs >= synchronousChildren, $"node {node.Id}: inclusive {node.InclusiveNs} < synchronous children {synchronousChildren}");
        }

        foreach (MethodStatistics method in report.Methods)
        {
            Assert.InRange(method.SelfNs, 0, method.TotalNs);
            Assert.InRange(method.FaultedCalls, 0, method.Calls);
        }
    }

    /// <summary>When one call runs at a time, each moment is one call's self time: the self times add up to the roots' time.</summary>
    internal static void AssertNoTimeCountedTwice(SessionReport report)
    {
        long self = report.CallTree.Sum(n => n.SelfNs);
        long roots = report.CallTree.Where(n => n.ParentId is null).Sum(n => n.InclusiveNs);
        Assert.Equal(roots, self);
        Assert.Equal(report.Methods.Sum(m => m.SelfNs), self);
    }

    /// <summary>Each path of the merged tree, as the program's keys, with its figures.</summary>
    internal static Dictionary<string, (long Calls, long Inclusive, long Self)> PathFigures(SessionReport report)
    {
        var byId = report.CallTree.ToDictionary(n => n.Id);
        var figures = new Dictionary<string, (long, long, long)>();
        foreach (CallTreeNode node in report.CallTree)
        {
            var keys = new List<string>();
            for (CallTreeNode? n = node; n is not null; n = n.ParentId is { } p ? byId[p] : null)
            {
                keys.Add(KeyOf(report, n.ProbeId));
            }

            keys.Reverse();
            figures[string.Join(" > ", keys)] = (node.Calls, node.InclusiveNs, node.SelfNs);
        }

        return figures;
    }

    /// <summary>The program's key of a probe: a scope's name, or the fixture method's name.</summary>
    internal static string KeyOf(SessionReport report, int probeId)
    {
        ProbeInfo probe = report.FindProbe(probeId) ?? throw new InvalidOperationException($"probe {probeId} not listed");
        if (probe.Kind == ProbeKind.Scope)
        {
            return probe.Name;
        }

        int open = probe.Name.IndexOf('(', StringComparison.Ordinal);
        string head = open < 0 ? probe.Name : probe.Name[..open];
        return head[(head.LastIndexOf('.') + 1)..];
    }
}
