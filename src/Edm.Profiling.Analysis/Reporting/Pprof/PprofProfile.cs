namespace Edm.Profiling.Analysis.Reporting.Pprof;

/// <summary>
/// A session as a pprof <see cref="Profile"/> (docs/pprof.md). Each call-tree path is one sample whose
/// stack is the path's probes, leaf first; with CPU samples, each sampled frame that samples stopped in
/// is one more sample, its stack the sampled frames below the probe path (or below <c>(outside probes)</c>);
/// with allocation samples, the weighted stacks of the allocation flame graph (<see cref="AllocationTree.Stacks"/>)
/// are samples of their own sample type.
/// The values are those pprof adds up per frame: a path's own figures (pprof's flat), so that a frame's
/// cum is its inclusive figure.
/// </summary>
internal static class PprofProfile
{
    /// <summary>Exact calls of the path's leaf probe (index 0 and unit <c>count</c>, as the format asks of an event count).</summary>
    internal const string Calls = "calls";

    /// <summary>
    /// Wall time, the default type: a probe path's exact self time, less what its sampled frames account
    /// for; each sampled frame's samples × the interval (running and waiting below probes, running only
    /// under <c>(outside probes)</c>). The same weights as the folded and speedscope exports.
    /// </summary>
    internal const string Wall = "wall";

    /// <summary>The probes' exact self time only (no estimates): flat is each probe's self time and cum its inclusive time, as the console report shows them.</summary>
    internal const string Self = "self";

    /// <summary>Running CPU samples × the interval (sessions with CPU samples): where the threads ran managed code.</summary>
    internal const string Cpu = "cpu";

    /// <summary>Bytes allocated on the path minus those of Detailed callees (sessions with Detailed probes).</summary>
    internal const string AllocSpace = "alloc_space";

    /// <summary>
    /// Estimated bytes from the allocation samples (sessions with <c>allocationSamples</c>): what each
    /// probe path allocated in the probed method itself and each allocation-stack frame below it (or below
    /// <c>(outside probes)</c>) allocated itself, so the values add up to the session's estimated bytes.
    /// </summary>
    internal const string AllocSampledSpace = "alloc_sampled_space";

    /// <summary>The label telling exact samples (<c>probe</c>) from estimated ones (<c>sampled</c>).</summary>
    internal const string SourceLabel = "source";

    internal static Profile Of(SessionReport session)
    {
        var tree = new CallTreeIndex(session);
        SampledTree? sampled = session.CpuSamples is { } samples ? new SampledTree(samples) : null;
        bool detailed = session.CallTree.Any(n => n.AllocatedBytes is not null || n.SelfAllocatedBytes is not null);
        var types = new List<(string Type, string Unit)> { (Calls, "count"), (Wall, "nanoseconds"), (Self, "nanoseconds") };
        int cpu = sampled is null ? -1 : Add(types, (Cpu, "nanoseconds"));
        int alloc = detailed ? Add(types, (AllocSpace, "bytes")) : -1;
        int allocSampled = session.AllocationSamples is null ? -1 : Add(types, (AllocSampledSpace, "bytes"));

        var tables = new PprofTables();
        var profile = new Profile();
        foreach ((string type, string unit) in types)
        {
            profile.SampleType.Add(new ValueType { Type = tables.String(type), Unit = tables.String(unit) });
        }

        var builder = new SampleBuilder(profile, tables, types.Count);
        foreach ((CallTreeNode node, IReadOnlyList<int> probes) in tree.WalkWithPaths())
        {
            MergedFrame[] path = [.. probes.Select(id => MergedStacks.ProbeFrame(session, tree, id))];
            long[] values = builder.NewValues();
            values[0] = node.Calls;
            values[2] = node.SelfNs;
            long sampledNs = 0;
            if (sampled is not null)
            {
                IReadOnlyList<SampledNode> tops = sampled.TopsOf(node.Id);
                sampledNs = tops.Sum(t => sampled.EstimateNs(t.RunningSamples + t.WaitingSamples));
                values[cpu] = sampled.EstimateNs(OwnRunningSamples(sampled, node.Id));
            }

            values[1] = Math.Max(0, node.SelfNs - sampledNs);
            if (alloc >= 0)
            {
                values[alloc] = node.SelfAllocatedBytes ?? 0;
            }

            builder.Add(path, values, sampledLeaf: false);
            if (sampled is not null)
            {
                AddSampled(builder, sampled, node.Id, path, cpu, waiting: true);
            }
        }

        if (sampled is not null)
        {
            MergedFrame[] outside = [new MergedFrame(SampledTree.OutsideProbes, true, null, 0)];
            long[] values = builder.NewValues();
            values[1] = values[cpu] = sampled.EstimateNs(OwnRunningSamples(sampled, null));
            builder.Add(outside, values, sampledLeaf: true);
            AddSampled(builder, sampled, null, outside, cpu, waiting: false);
        }

        if (allocSampled >= 0)
        {
            // The stacks of the allocation flame graphs (folded --metric bytes, speedscope, HTML). All are
            // estimates, so labelled sampled: a probe path's own bytes are a second sample on its stack.
            foreach ((IReadOnlyList<MergedFrame> frames, long bytes) in AllocationTree.Stacks(session))
            {
                long[] values = builder.NewValues();
                values[allocSampled] = bytes;
                builder.Add([.. frames], values, sampledLeaf: true);
            }
        }

        profile.Mapping.Add(new Mapping
        {
            Id = PprofTables.MappingId,
            Filename = tables.String(session.Environment.EntryAssembly is { Length: > 0 } entry ? entry : session.Name),
            HasFunctions = true,
            HasFilenames = true,
            HasLineNumbers = true,
        });
        profile.Location.AddRange(tables.Locations);
        profile.Function.AddRange(tables.Functions);
        profile.DefaultSampleType = tables.String(Wall);
        profile.PeriodType = new ValueType { Type = tables.String(Wall), Unit = tables.String("nanoseconds") };
        // Probes measure every nanosecond; with the sampler on, the estimates are one sample per interval
        // (per interval ÷ duty when it sampled in windows).
        profile.Period = Math.Max(1, sampled?.Samples.EstimateNs(1) ?? 1);
        profile.TimeNanos = Math.Max(0, (session.StartedAt - DateTimeOffset.UnixEpoch).Ticks * 100); // 0: unknown (a default start)
        profile.DurationNanos = Math.Max(0, session.DurationNs);
        profile.Comment.Add(tables.String($"Edm.Profiling session {session.Name}"));
        profile.Comment.Add(tables.String("calls and self are exact (probes); wall is exact at probes, estimated (samples x interval / duty) at sampled frames"));
        profile.StringTable.AddRange(tables.Strings);
        return profile;
    }

    /// <summary>The frames below a call-tree path (null: <c>(outside probes)</c>) in which samples stopped.</summary>
    private static void AddSampled(SampleBuilder builder, SampledTree sampled, int? callTreeNodeId, MergedFrame[] prefix, int cpu, bool waiting)
    {
        foreach ((SampledNode node, IReadOnlyList<SampledNode> path) in sampled.Walk(callTreeNodeId))
        {
            long[] values = builder.NewValues();
            values[cpu] = sampled.EstimateNs(node.SelfRunningSamples);
            values[1] = sampled.EstimateNs(node.SelfRunningSamples + (waiting ? node.SelfWaitingSamples : 0));
            builder.Add([.. prefix, .. path.Select(n => MergedStacks.SampledFrame(sampled, n))], values, sampledLeaf: true);
        }
    }

    /// <summary>Running samples that stopped in the path's own method (or, outside probes, in no frame at all).</summary>
    private static long OwnRunningSamples(SampledTree sampled, int? callTreeNodeId) =>
        Math.Max(0, (sampled.PathOf(callTreeNodeId)?.RunningSamples ?? 0) - sampled.TopsOf(callTreeNodeId).Sum(t => t.RunningSamples));

    private static int Add(List<(string, string)> types, (string, string) type)
    {
        types.Add(type);
        return types.Count - 1;
    }

    /// <summary>Adds samples whose values are not all zero, with their stacks leaf first.</summary>
    private sealed class SampleBuilder(Profile profile, PprofTables tables, int valueCount)
    {
        private readonly Label _probe = new() { Key = tables.String(SourceLabel), Str = tables.String("probe") };
        private readonly Label _sampled = new() { Key = tables.String(SourceLabel), Str = tables.String("sampled") };

        internal long[] NewValues() => new long[valueCount];

        internal void Add(MergedFrame[] rootToLeaf, long[] values, bool sampledLeaf)
        {
            if (values.All(v => v == 0))
            {
                return;
            }

            var sample = new Sample();
            for (int i = rootToLeaf.Length - 1; i >= 0; i--)
            {
                sample.LocationId.Add(tables.LocationOf(rootToLeaf[i]));
            }

            sample.Value.Add(values);
            sample.Label.Add(sampledLeaf ? _sampled : _probe);
            profile.Sample.Add(sample);
        }
    }
}
