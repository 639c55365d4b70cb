namespace Edm.Profiling.Analysis;

/// <summary>
/// Merges sessions into one: above all the interval sessions of a rolling run (docs/session-format.md,
/// "Interval sessions"), which together are the run. Probes are matched by display name; calls, times,
/// bytes, CPU and I/O figures are summed; histograms are added and the percentiles read again from the
/// sum; duration samples are merged into one uniform sample of all the calls; call trees are merged by
/// path of probe names. The result is the session the run would have written had it not been cut.
/// </summary>
/// <remarks>
/// What does not add up is left out: the timeline, CPU and allocation samples, GC activity (interval sessions carry none), the
/// adaptive-timing error of each part. An interval missing from a run (rotated away, or never written)
/// is named in a warning, since the merged figures then cover less than the run.
/// </remarks>
public static class SessionMerge
{
    /// <summary>Merges the sessions, each given with a label (its file) that errors name.</summary>
    /// <exception cref="AnalysisException">
    /// No session; sessions of different commands or of builds that cannot be compared; the same interval twice.
    /// </exception>
    public static SessionReport Merge(IReadOnlyList<(string Label, SessionReport Session)> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            throw new AnalysisException("sessions", "no session given to merge");
        }

        if (sessions.Count == 1)
        {
            return sessions[0].Session;
        }

        Check(sessions);
        var inputs = sessions.Select(s => s.Session).ToList();
        SessionReport first = inputs[0];

        // Probes by name, sorted, as a baseline lists them.
        var probeByName = new Dictionary<string, ProbeInfo>(StringComparer.Ordinal);
        foreach (ProbeInfo probe in inputs.SelectMany(s => s.Probes))
        {
            probeByName.TryAdd(probe.Name, probe);
        }

        string[] names = [.. probeByName.Keys.Order(StringComparer.Ordinal)];
        var idByName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int id = 0; id < names.Length; id++)
        {
            idByName[names[id]] = id;
        }

        var accumulators = new MethodAccumulator?[names.Length];
        foreach ((string label, SessionReport session) in sessions)
        {
            Dictionary<int, string> nameOf = NamesById(session);
            foreach (MethodStatistics method in session.Methods)
            {
                if (!nameOf.TryGetValue(method.ProbeId, out string? name))
                {
                    throw new AnalysisException(label, $"method entry for probe id {method.ProbeId} has no probe");
                }

                (accumulators[idByName[name]] ??= new MethodAccumulator()).Add(method);
            }
        }

        int capacity = inputs.Max(s => Math.Max(s.Settings.SampleReservoirSize, s.Methods.Max(m => m.Samples?.DurationsNs.Count) ?? 0));
        long[] scratch = new long[LatencyHistogram.BucketCount];
        var methods = new List<MethodStatistics>();
        for (int id = 0; id < names.Length; id++)
        {
            if (accumulators[id] is { } accumulator)
            {
                methods.Add(accumulator.ToStatistics(id, names[id], capacity, scratch));
            }
        }

        List<CallTreeNode> tree = MergeTrees(sessions, idByName);
        long duration = inputs.Sum(s => s.DurationNs);
        return new SessionReport
        {
            SchemaVersion = first.SchemaVersion,
            Name = first.Name,
            StartedAt = inputs.Min(s => s.StartedAt),
            DurationNs = duration,
            Environment = first.Environment,
            Settings = first.Settings with { SampleReservoirSize = capacity },
            Probes = [.. names.Select((name, id) => probeByName[name] with { Id = id })],
            Methods = methods,
            CallTree = tree,
            Io = MergeIo(inputs),
            Overhead = MergeOverhead(inputs, tree, duration),
            Warnings = Warnings(sessions),
        };
    }

    /// <summary>One command, comparable builds, and no interval twice.</summary>
    private static void Check(IReadOnlyList<(string Label, SessionReport Session)> sessions)
    {
        (string firstLabel, SessionReport first) = sessions[0];
        var intervals = new Dictionary<(string RunId, int Index), string>();
        foreach ((string label, SessionReport session) in sessions)
        {
            if (session is null)
            {
                throw new AnalysisException(label, "the session is missing");
            }

            if (session.Name != first.Name)
            {
                throw new AnalysisException(label, $"is a session of '{session.Name}', not of '{first.Name}' like {firstLabel}: only sessions of one command merge");
            }

            if (ComparabilityGate.CheckData(first.SchemaVersion, first.Environment, session.SchemaVersion, session.Environment) is { } reason)
            {
                throw new AnalysisException(label, $"cannot be merged with {firstLabel}: {reason}");
            }

            if (session.Interval is { } interval && !intervals.TryAdd((interval.RunId, interval.Index), label))
            {
                throw new AnalysisException(label, $"is interval {interval.Index} of run {interval.RunId}, as {intervals[(interval.RunId, interval.Index)]} is: the same interval cannot be counted twice");
            }
        }
    }

    /// <summary>Each distinct warning once, and one for each run whose intervals have gaps.</summary>
    private static List<string> Warnings(IReadOnlyList<(string Label, SessionReport Session)> sessions)
    {
        var warnings = sessions.SelectMany(s => s.Session.Warnings).Distinct(StringComparer.Ordinal).ToList();
        foreach (IGrouping<string, SessionInterval> run in sessions.Select(s => s.Session.Interval).OfType<SessionInterval>().GroupBy(i => i.RunId, StringComparer.Ordinal))
        {
            var present = run.Select(i => i.Index).ToHashSet();
            int last = run.Any(i => i.Last) ? run.Where(i => i.Last).Max(i => i.Index) : present.Max();
            int[] missing = [.. Enumerable.Range(1, last).Where(i => !present.Contains(i))];
            if (missing.Length > 0)
            {
                warnings.Add($"Run {run.Key}: interval{(missing.Length == 1 ? "" : "s")} {Ranges(missing)} of {last} {(missing.Length == 1 ? "is" : "are")} missing (rotated away or not given); the figures cover the other intervals only.");
            }
        }

        return warnings;
    }

    /// <summary><c>1-3, 7</c>.</summary>
    private static string Ranges(int[] sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }

    /// <summary>Nodes matched by their merged parent and their probe's name; every figure summed.</summary>
    private static List<CallTreeNode> MergeTrees(IReadOnlyList<(string Label, SessionReport Session)> sessions, Dictionary<string, int> idByName)
    {
        var merged = new List<CallTreeNode>();
        var byPath = new Dictionary<(int Parent, int Probe), int>();
        foreach ((string label, SessionReport session) in sessions)
        {
            Dictionary<int, string> nameOf = NamesById(session);
            var mergedIdOf = new Dictionary<int, int>(session.CallTree.Count);
            foreach (CallTreeNode node in session.CallTree)
            {
                int parent = node.ParentId is { } p && mergedIdOf.TryGetValue(p, out int mergedParent) ? mergedParent : -1;
                if (!nameOf.TryGetValue(node.ProbeId, out string? name))
                {
                    throw new AnalysisException(label, $"call-tree node {node.Id} names probe id {node.ProbeId}, which has no probe");
                }

                int probe = idByName[name];
                if (byPath.TryGetValue((parent, probe), out int index))
                {
                    CallTreeNode sum = merged[index];
                    merged[index] = sum with
                    {
                        Calls = sum.Calls + node.Calls,
                        InclusiveNs = sum.InclusiveNs + node.InclusiveNs,
                        SelfNs = sum.SelfNs + node.SelfNs,
                        AllocatedBytes = Add(sum.AllocatedBytes, node.AllocatedBytes),
                        SelfAllocatedBytes = Add(sum.SelfAllocatedBytes, node.SelfAllocatedBytes),
                        CompensatedInclusiveNs = Add(sum.CompensatedInclusiveNs, node.CompensatedInclusiveNs),
                        CompensatedSelfNs = Add(sum.CompensatedSelfNs, node.CompensatedSelfNs),
                        TimedCalls = sum.TimedCalls is null && node.TimedCalls is null ? null : (sum.TimedCalls ?? sum.Calls) + (node.TimedCalls ?? node.Calls),
                    };
                }
                else
                {
                    index = merged.Count;
                    byPath[(parent, probe)] = index;
                    merged.Add(node with { Id = index, ParentId = parent < 0 ? null : parent, ProbeId = probe });
                }

                mergedIdOf[node.Id] = index;
            }
        }

        return merged;
    }

    private static long? Add(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    /// <summary>From the earliest start to the latest end, the deltas summed; null unless every session has counters.</summary>
    private static SessionIo? MergeIo(List<SessionReport> sessions)
    {
        if (sessions.Any(s => s.Io is null))
        {
            return null;
        }

        var ordered = sessions.OrderBy(s => s.StartedAt).Select(s => s.Io!).ToList();
        return ordered[0] with
        {
            End = ordered[^1].End,
            Delta = ordered.Skip(1).Aggregate(ordered[0].Delta, (sum, io) => new IoCounterSet
            {
                ReadBytes = Add(sum.ReadBytes, io.Delta.ReadBytes),
                WriteBytes = Add(sum.WriteBytes, io.Delta.WriteBytes),
                ReadCalls = Add(sum.ReadCalls, io.Delta.ReadCalls),
                WriteCalls = Add(sum.WriteCalls, io.Delta.WriteCalls),
                StorageReadBytes = Add(sum.StorageReadBytes, io.Delta.StorageReadBytes),
                StorageWriteBytes = Add(sum.StorageWriteBytes, io.Delta.StorageWriteBytes),
            }),
        };
    }

    /// <summary>Estimates summed; the share over the larger of the duration and the roots' time, as a session computes it.</summary>
    private static ProbeOverhead? MergeOverhead(List<SessionReport> sessions, List<CallTreeNode> tree, long duration)
    {
        if (sessions.Any(s => s.Overhead is null))
        {
            return null;
        }

        long estimated = sessions.Sum(s => s.Overhead!.EstimatedNs);
        long measured = Math.Max(duration, tree.Where(n => n.ParentId is null).Sum(n => n.InclusiveNs));
        return new ProbeOverhead { EstimatedNs = estimated, Share = measured <= 0 ? 0 : Math.Round((double)estimated / measured, 6) };
    }

    private static Dictionary<int, string> NamesById(SessionReport session)
    {
        var nameOf = new Dictionary<int, string>(session.Probes.Count);
        foreach (ProbeInfo probe in session.Probes)
        {
            nameOf.TryAdd(probe.Id, probe.Name);
        }

        return nameOf;
    }
}
