using System.CommandLine;

namespace Edm.Profiling.Tool.Options;

/// <summary><c>--metric time|bytes</c> of <c>edm-prof report</c>: what the folded stacks count.</summary>
internal static class FoldedMetricOption
{
    /// <summary>The metrics the option takes.</summary>
    internal enum FoldedMetric
    {
        /// <summary>Self time (nanoseconds): a CPU flame graph.</summary>
        Time,

        /// <summary>Allocated bytes: an allocation flame graph.</summary>
        Bytes,
    }

    /// <summary>The option; time when not given.</summary>
    internal static Option<FoldedMetric> Create() => new("--metric", "-m")
    {
        Description = "What folded stacks count: time (self ns) or bytes (allocated: the sampled estimates when the session has allocation samples, else the exact bytes of Detailed probes) [default: time]",
        HelpName = "time|bytes",
        DefaultValueFactory = _ => FoldedMetric.Time,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            switch (text.Trim().ToUpperInvariant())
            {
                case "TIME":
                    return FoldedMetric.Time;
                case "BYTES":
                    return FoldedMetric.Bytes;
                default:
                    result.AddError($"--metric: '{text}' is not a folded metric; use time or bytes");
                    return FoldedMetric.Time;
            }
        },
    };

    /// <summary>The folded value for <paramref name="metric"/> and <paramref name="session"/>.</summary>
    internal static Analysis.Reporting.FoldedValue ValueFor(FoldedMetric metric, SessionReport session) => metric switch
    {
        FoldedMetric.Bytes when session.AllocationSamples is not null => Analysis.Reporting.FoldedValue.SampledAllocatedBytes,
        FoldedMetric.Bytes => Analysis.Reporting.FoldedValue.SelfAllocatedBytes,
        _ => Analysis.Reporting.FoldedValue.SelfNanoseconds,
    };
}
