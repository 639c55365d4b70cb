using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Edm.Profiling.Generators.Model;

namespace Edm.Profiling.Generators.Emitting;

/// <summary>
/// Counts, per profiled method known to this compilation, its uses that get no probe: the skipped
/// calls and method groups, and every call to a method no interceptor can reach. The session shows
/// these beside the call counts, so a count that misses calls says so.
/// </summary>
internal static class UnprobedSiteCounter
{
    public static EquatableArray<UnprobedTargetSpec> Count(EquatableArray<TargetSpec> targets, ImmutableArray<FileCallSites> files)
    {
        if (targets.Count == 0 || files.IsDefaultOrEmpty)
        {
            return EquatableArray<UnprobedTargetSpec>.Empty;
        }

        var targetsByKey = new Dictionary<string, TargetSpec>(StringComparer.Ordinal);
        foreach (TargetSpec target in targets)
        {
            if (!targetsByKey.ContainsKey(target.Key))
            {
                targetsByKey.Add(target.Key, target);
            }
        }

        var counts = new Dictionary<string, SortedDictionary<SkipReason, int>>(StringComparer.Ordinal);
        foreach (FileCallSites file in files)
        {
            foreach (CallSiteResult result in file.Results)
            {
                (string? key, SkipReason reason) = result switch
                {
                    { Skipped: { } skipped } => (skipped.TargetKey, skipped.Reason),
                    { Intercepted: { } call } when targetsByKey.TryGetValue(call.TargetKey, out TargetSpec? target) => (call.TargetKey, target.Skip),
                    _ => (null, SkipReason.None),
                };

                // A method this compilation does not know (unmarked reference) has no probe to tell.
                if (key is null || reason == SkipReason.None || !targetsByKey.ContainsKey(key))
                {
                    continue;
                }

                if (!counts.TryGetValue(key, out SortedDictionary<SkipReason, int>? byReason))
                {
                    counts[key] = byReason = [];
                }

                byReason.TryGetValue(reason, out int count);
                byReason[reason] = count + 1;
            }
        }

        return EquatableArray.From(counts
            .Select(pair => Describe(targetsByKey[pair.Key], pair.Value))
            .OrderBy(spec => spec.Probe.Name, StringComparer.Ordinal));
    }

    private static UnprobedTargetSpec Describe(TargetSpec target, SortedDictionary<SkipReason, int> byReason) => new(
        target.Probe,
        target.ProbeKind,
        string.Join(";", byReason.Select(pair => string.Format(CultureInfo.InvariantCulture, "{0}:{1}", pair.Key, pair.Value))),
        string.Join(", ", byReason.Select(pair => string.Format(CultureInfo.InvariantCulture, "{0} {1}", pair.Value, pair.Key))));
}
