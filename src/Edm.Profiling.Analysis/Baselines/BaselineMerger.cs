namespace Edm.Profiling.Analysis;

/// <summary>
/// Merges sessions of one command into a <see cref="Baseline"/>: probes matched by display name,
/// counts and times summed, histograms added and their percentiles read again, duration samples
/// merged into one uniform sample of the union of the runs' calls, call trees merged by path.
/// </summary>
internal static class BaselineMerger
{
    internal static Baseline Merge(string name, IReadOnlyList<(string Label, SessionReport Session)> inputs, BaselineOptions options)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new AnalysisException("baseline", "the baseline has no name");
        }

        if (inputs.Count == 0)
        {
            throw new AnalysisException(name, "no session given to make the baseline from");
        }

        (string firstLabel, SessionReport first) = inputs[0];
        foreach ((string label, SessionReport session) in inputs)
        {
            if (session is null)
            {
                throw new AnalysisException(label, "the session is missing");
            }

            if (session.Name != first.Name)
            {
                throw new AnalysisException(label, $"is a session of '{session.Name}', not of '{first.Name}' like {firstLabel}: a baseline merges runs of one command");
            }

            if (ComparabilityGate.Check(first, session) is { } reason)
            {
                throw new AnalysisException(label, $"cannot be merged with {firstLabel}: {reason}");
            }
        }

        string[] commits = inputs.Select(i => i.Session.Environment.Commit).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (options.Commit is null && commits.Length > 1)
        {
            throw new AnalysisException(name, $"the sessions ran different commits ({string.Join(", ", commits)}): a baseline stands for one");
        }

        // Probes by name, sorted so that the file is stable across runs and reviewable in diffs.
        var firstProbeByName = new Dictionary<string, ProbeInfo>(StringComparer.Ordinal);
        foreach ((_, SessionReport session) in inputs)
        {
            foreach (ProbeInfo probe in session.Probes)
            {
                firstProbeByName.TryAdd(probe.Name, probe);
            }
        }

        string[] names = [.. firstProbeByName.Keys.Order(StringComparer.Ordinal)];
        var idByName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        var probes = new ProbeInfo[names.Length];
        for (int id = 0; id < names.Length; id++)
        {
            idByName[names[id]] = id;
            probes[id] = firstProbeByName[names[id]] with { Id = id };
        }

        var accumulators = new MethodAccumulator?[names.Length];
        var runCalls = new long[inputs.Count][];
        var runMedians = new long[inputs.Count][];
        for (int run = 0; run < inputs.Count; run++)
        {
            SessionReport session = inputs[run].Session;
            runCalls[run] = new long[names.Length];
            runMedians[run] = new long[names.Length];
            Dictionary<int, string> nameOf = NamesById(session);
            foreach (MethodStatistics method in session.Methods)
            {
                if (!nameOf.TryGetValue(method.ProbeId, out string? probeName))
                {
                    throw new AnalysisException(inputs[run].Label, $"method entry for probe id {method.ProbeId} has no probe");
                }

                int id = idByName[probeName];
                (accumulators[id] ??= new MethodAccumulator()).Add(method);
                runCalls[run][id] += method.Calls;
                runMedians[run][id] = RunMedian.Of(method);
            }
        }

        int capacity = options.SampleCapacity ?? inputs.Max(i => Math.Max(i.Session.Settings.SampleReservoirSize, i.Session.Methods.Max(m => m.Samples?.DurationsNs.Count) ?? 0));
        var methods = new List<MethodStatistics>();
        var methodIds = new List<int>();
        long[] histogramScratch = new long[LatencyHistogram.BucketCount];
        for (int id = 0; id < names.Length; id++)
        {
            if (accumulators[id] is { } accumulator)
            {
                methods.Add(accumulator.ToStatistics(id, names[id], capacity, histogramScratch));
                methodIds.Add(id);
            }
        }

        var runs = new BaselineRun[inputs.Count];
        for (int run = 0; run < inputs.Count; run++)
        {
            SessionReport session = inputs[run].Session;
            runs[run] = new BaselineRun
            {
                Session = session.Name,
                SchemaVersion = session.SchemaVersion,
                StartedAt = session.StartedAt,
                DurationNs = session.DurationNs,
                Commit = session.Environment.Commit,
                Calls = methodIds.Select(id => runCalls[run][id]).ToArray(),
                MedianNs = methodIds.Select(id => runMedians[run][id]).ToArray(),
            };
        }

        return new Baseline
        {
            Name = name,
            Command = first.Name,
            Version = options.Version,
            Commit = options.Commit ?? commits.FirstOrDefault(),
            Branch = options.Branch ?? inputs.Select(i => i.Session.Environment.Branch).FirstOrDefault(b => b is not null),
            CreatedAt = options.Clock.GetUtcNow(),
            Runs = runs,
            Environment = first.Environment,
            Settings = first.Settings with { SampleReservoirSize = capacity },
            Probes = probes,
            Methods = methods,
            CallTree = MergeCallTrees(inputs, idByName),
            Warnings = [.. inputs.SelectMany(i => i.Session.Warnings.Select(w => inputs.Count == 1 ? w : $"{i.Label}: {w}"))],
            SampledAllocations = SampledProbeAllocations.Merge(inputs.Select(i => i.Session)),
        };
    }

    /// <summary>Nodes are matched by their parent's merged node and their probe's name, so equal paths add up.</summary>
    private static List<CallTreeNode> MergeCallTrees(IReadOnlyList<(string Label, SessionReport Session)> inputs, Dictionary<string, int> idByName)
    {
        // Sums in place, one record per merged node at the end, rather than a new record for every node added.
        var merged = new List<NodeSum>();
        var byPath = new Dictionary<(int Parent, int Probe), int>();
        foreach ((_, SessionReport session) in inputs)
        {
            Dictionary<int, string> nameOf = NamesById(session);
            var mergedIdOf = new Dictionary<int, int>(session.CallTree.Count);
            foreach (CallTreeNode node in session.CallTree)
            {
                int parent = node.ParentId is { } p && mergedIdOf.TryGetValue(p, out int mergedParent) ? mergedParent : -1;
                int probe = idByName[nameOf[node.ProbeId]];
                if (!byPath.TryGetValue((parent, probe), out int index))
                {
                    index = merged.Count;
                    byPath[(parent, probe)] = index;
                    merged.Add(new NodeSum(node with { Id = index, ParentId = parent < 0 ? null : parent, ProbeId = probe }));
                }
                else
                {
                    merged[index].Add(node);
                }

                mergedIdOf[node.Id] = index;
            }
        }

        return merged.ConvertAll(m => m.ToNode());
    }

    /// <summary>Probe names by id; the first probe wins if a session lists an id twice.</summary>
    private static Dictionary<int, string> NamesById(SessionReport session)
    {
        var nameOf = new Dictionary<int, string>(session.Probes.Count);
        foreach (ProbeInfo probe in session.Probes)
        {
            nameOf.TryAdd(probe.Id, probe.Name);
        }

        return nameOf;
    }

    /// <summary>A merged call-tree node: the first run's node, with the later runs' figures added.</summary>
    private sealed class NodeSum(CallTreeNode first)
    {
        private long _calls, _inclusive, _self;
        private long? _allocated, _selfAllocated;
        private bool _added;

        internal void Add(CallTreeNode node)
        {
            _added = true;
            _calls += node.Calls;
            _inclusive += node.InclusiveNs;
            _self += node.SelfNs;
            _allocated = BaselineMerger.Add(_allocated, node.AllocatedBytes);
            _selfAllocated = BaselineMerger.Add(_selfAllocated, node.SelfAllocatedBytes);
        }

        internal CallTreeNode ToNode() => !_added ? first : first with
        {
            Calls = first.Calls + _calls,
            InclusiveNs = first.InclusiveNs + _inclusive,
            SelfNs = first.SelfNs + _self,
            AllocatedBytes = BaselineMerger.Add(first.AllocatedBytes, _allocated),
            SelfAllocatedBytes = BaselineMerger.Add(first.SelfAllocatedBytes, _selfAllocated),
        };
    }

    private static long? Add(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
