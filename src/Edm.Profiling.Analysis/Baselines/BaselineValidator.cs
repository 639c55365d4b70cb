namespace Edm.Profiling.Analysis;

/// <summary>
/// Checks what JSON types cannot. The probes, methods and call tree have the session format's shapes
/// and paths, so the session validator checks them; this adds the baseline's own rules: a name, at
/// least one run, per-run call counts that line up with the methods and add up to their calls, and
/// probe names unique (they are the key comparisons match on).
/// </summary>
internal static class BaselineValidator
{
    internal static (string Path, string Problem)? Validate(Baseline baseline)
    {
        if (string.IsNullOrWhiteSpace(baseline.Name))
        {
            return ("$.name", "the baseline has no name");
        }

        if (baseline.Runs is null || baseline.Runs.Count == 0)
        {
            return ("$.runs", "the baseline has no runs");
        }

        if (baseline.Environment is null || baseline.Settings is null || baseline.Probes is null || baseline.Methods is null
            || baseline.CallTree is null || baseline.Warnings is null)
        {
            return ("$", "environment, settings, probes, methods, callTree and warnings must be present, not null");
        }

        var session = new SessionReport
        {
            Name = baseline.Name,
            Environment = baseline.Environment,
            Settings = baseline.Settings,
            Probes = baseline.Probes,
            Methods = baseline.Methods,
            CallTree = baseline.CallTree,
            Warnings = baseline.Warnings,
        };
        if (SessionValidator.Validate(session) is { } problem)
        {
            return problem;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < baseline.Probes.Count; i++)
        {
            if (!names.Add(baseline.Probes[i].Name))
            {
                return ($"$.probes[{i}].name", $"duplicate probe name '{baseline.Probes[i].Name}'");
            }
        }

        var sums = new long[baseline.Methods.Count];
        for (int r = 0; r < baseline.Runs.Count; r++)
        {
            string at = $"$.runs[{r}]";
            if (baseline.Runs[r] is not { } run)
            {
                return (at, "a run is null");
            }

            if (string.IsNullOrEmpty(run.Session))
            {
                return (at + ".session", "a run has no session name");
            }

            if (ComparabilityGate.Major(run.SchemaVersion) < 0)
            {
                return (at + ".schemaVersion", $"'{run.SchemaVersion}' is not of the form major.minor");
            }

            if (run.DurationNs < 0)
            {
                return (at + ".durationNs", $"duration is negative ({run.DurationNs})");
            }

            if (run.Calls is null || run.Calls.Count != baseline.Methods.Count)
            {
                return (at + ".calls", $"{run.Calls?.Count ?? 0} call counts for {baseline.Methods.Count} methods");
            }

            for (int i = 0; i < run.Calls.Count; i++)
            {
                if (run.Calls[i] < 0)
                {
                    return ($"{at}.calls[{i}]", $"call count is negative ({run.Calls[i]})");
                }

                sums[i] += run.Calls[i];
            }

            // Optional (format 1.1): absent in older files, else one figure per method.
            if (run.MedianNs is null || (run.MedianNs.Count != 0 && run.MedianNs.Count != baseline.Methods.Count))
            {
                return (at + ".medianNs", $"{run.MedianNs?.Count ?? 0} medians for {baseline.Methods.Count} methods");
            }

            for (int i = 0; i < run.MedianNs.Count; i++)
            {
                if (run.MedianNs[i] < 0)
                {
                    return ($"{at}.medianNs[{i}]", $"median is negative ({run.MedianNs[i]})");
                }
            }
        }

        for (int i = 0; i < sums.Length; i++)
        {
            if (sums[i] != baseline.Methods[i].Calls)
            {
                return ($"$.methods[{i}].calls", $"{baseline.Methods[i].Calls} calls, but the runs' call counts add up to {sums[i]}");
            }
        }

        return null;
    }
}
