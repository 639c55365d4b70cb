using System.CommandLine;
using Edm.Profiling.Analysis;

namespace Edm.Profiling.Tool.Options;

/// <summary><c>--metric time|calls|allocations</c>: which figure a history trend follows.</summary>
internal static class MetricOption
{
    /// <summary>The option; null when not given, which means time.</summary>
    internal static Option<Metric?> Create() => new("--metric", "-m")
    {
        Description = "Figure to follow: time (median ns per call), calls (per run) or allocations (bytes per call) [default: time]",
        HelpName = "time|calls|allocations",
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            Metric? metric = text.Trim().ToUpperInvariant() switch
            {
                "TIME" or "WALL-TIME" or "WALLTIME" => Metric.WallTime,
                "CALLS" => Metric.Calls,
                "ALLOCATIONS" or "ALLOCATED-BYTES" or "ALLOCATEDBYTESPERCALL" => Metric.AllocatedBytesPerCall,
                _ => null,
            };
            if (metric is { } known)
            {
                return known;
            }

            result.AddError($"--metric: '{text}' is not a metric; use time, calls or allocations");
            return null;
        },
    };

    /// <summary>What a value of the metric is, for headings.</summary>
    internal static string Describe(Metric metric) => metric switch
    {
        Metric.Calls => "calls per run",
        Metric.AllocatedBytesPerCall => "allocated bytes per call",
        _ => "median wall time per call",
    };

    /// <summary>A value of the metric in its unit.</summary>
    internal static string Format(Metric metric, double value) => metric switch
    {
        Metric.Calls => value.ToString("#,##0.##", System.Globalization.CultureInfo.InvariantCulture),
        Metric.AllocatedBytesPerCall => SessionSummary.Bytes((long)Math.Round(value)),
        _ => SessionSummary.Duration((long)Math.Round(value)),
    };
}
