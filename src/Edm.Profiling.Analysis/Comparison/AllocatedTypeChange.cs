namespace Edm.Profiling.Analysis;

/// <summary>
/// How the estimated allocation of one type under one method changed between the baseline and the
/// current run, per call: information from the allocation samples of both sides, never a verdict.
/// </summary>
public sealed record AllocatedTypeChange
{
    /// <summary>The type (e.g. <c>System.Byte[]</c>).</summary>
    public required string Type { get; init; }

    /// <summary>Estimated bytes per call in the baseline (0 when the type was not among its top types).</summary>
    public double BaselineBytesPerCall { get; init; }

    /// <summary>Estimated bytes per call in the current run (0 when not among its top types).</summary>
    public double CurrentBytesPerCall { get; init; }

    /// <summary>Current minus baseline, bytes per call.</summary>
    public double ChangeBytesPerCall => CurrentBytesPerCall - BaselineBytesPerCall;

    /// <summary>The types of one method whose estimated bytes per call changed most, largest change first.</summary>
    internal static List<AllocatedTypeChange>? Of(SampledProbeAllocations? before, long callsBefore, SampledProbeAllocations? after, long callsAfter, int top = 3)
    {
        if (before is null || after is null || callsBefore <= 0 || callsAfter <= 0)
        {
            return null;
        }

        var changes = new List<AllocatedTypeChange>();
        foreach (string type in before.TopTypes.Select(t => t.Name).Union(after.TopTypes.Select(t => t.Name), StringComparer.Ordinal))
        {
            double b = (before.TopTypes.FirstOrDefault(t => t.Name == type)?.EstimatedBytes ?? 0) / (double)callsBefore;
            double c = (after.TopTypes.FirstOrDefault(t => t.Name == type)?.EstimatedBytes ?? 0) / (double)callsAfter;
            changes.Add(new AllocatedTypeChange { Type = type, BaselineBytesPerCall = b, CurrentBytesPerCall = c });
        }

        return [.. changes.Where(c => c.ChangeBytesPerCall != 0).OrderByDescending(c => Math.Abs(c.ChangeBytesPerCall)).ThenBy(c => c.Type, StringComparer.Ordinal).Take(top)];
    }
}
