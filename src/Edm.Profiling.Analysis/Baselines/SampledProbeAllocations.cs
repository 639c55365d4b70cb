namespace Edm.Profiling.Analysis;

/// <summary>
/// A probe's sampled allocations in a baseline (docs/baseline-format.md, <c>sampledAllocations</c>):
/// the estimated bytes allocated under it and its top types, summed over the runs, so that a
/// comparison can say which types changed (as information beside the exact allocated-bytes verdicts).
/// </summary>
public sealed record SampledProbeAllocations
{
    /// <summary>The probe's display name (as <see cref="ProbeInfo.Name"/>).</summary>
    public required string Method { get; init; }

    /// <summary>Estimated bytes allocated while the probe was on the stack, summed over the runs.</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Its top types, estimated bytes and objects summed over the runs, largest first.</summary>
    public IReadOnlyList<AllocatedType> TopTypes { get; init; } = [];

    /// <summary>The probe's entries of the runs' <see cref="AllocationSamples.Probes"/>, merged by probe name.</summary>
    internal static List<SampledProbeAllocations>? Merge(IEnumerable<SessionReport> sessions)
    {
        var byName = new SortedDictionary<string, (long Bytes, Dictionary<string, AllocatedType> Types)>(StringComparer.Ordinal);
        foreach (SessionReport session in sessions)
        {
            if (session.AllocationSamples is not { } samples)
            {
                return null; // only when every run sampled allocations: a partial sum would compare wrongly
            }

            foreach (ProbeAllocations probe in samples.Probes)
            {
                if (session.FindProbe(probe.ProbeId) is not { } info)
                {
                    continue;
                }

                (long bytes, Dictionary<string, AllocatedType> types) = byName.GetValueOrDefault(info.Name, (0, new Dictionary<string, AllocatedType>(StringComparer.Ordinal)));
                foreach (AllocatedType type in probe.TopTypes)
                {
                    types[type.Name] = types.TryGetValue(type.Name, out AllocatedType? sum)
                        ? sum with { EstimatedBytes = sum.EstimatedBytes + type.EstimatedBytes, EstimatedObjects = sum.EstimatedObjects + type.EstimatedObjects, Events = sum.Events + type.Events }
                        : type;
                }

                byName[info.Name] = (bytes + probe.EstimatedBytes, types);
            }
        }

        return [.. byName.Select(p => new SampledProbeAllocations
        {
            Method = p.Key,
            EstimatedBytes = p.Value.Bytes,
            TopTypes = [.. p.Value.Types.Values.OrderByDescending(t => t.EstimatedBytes).ThenBy(t => t.Name, StringComparer.Ordinal)],
        })];
    }

    /// <inheritdoc />
    public bool Equals(SampledProbeAllocations? other) =>
        other is not null && Method == other.Method && EstimatedBytes == other.EstimatedBytes && ListEquality.Equal(TopTypes, other.TopTypes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, EstimatedBytes);
}
