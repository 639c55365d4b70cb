namespace Edm.Profiling.Analysis;

/// <summary>Thresholds and test settings of <see cref="RegressionDetector"/> (docs/baseline-format.md, "Verdicts").</summary>
public sealed record ComparisonOptions
{
    /// <summary>
    /// Default cost of one probe in nanoseconds: about what a Lightweight probe costs a call on the
    /// reference VM (62–78 ns, most of it two timestamp reads; a Detailed probe costs 125–177 ns there, see
    /// benchmarks/README.md). A change in a method's time smaller than the probe's own cost cannot be
    /// told from the instrumentation; set the figure the probe-cost benchmarks measure on the machine.
    /// </summary>
    public const double DefaultProbeCostNs = 60;

    /// <summary>The default of <see cref="TimeThreshold"/>, and of the smallest step a trend flags: 0.05, 5%.</summary>
    public const double DefaultTimeThreshold = 0.05;

    /// <summary>Relative time change that counts (default <see cref="DefaultTimeThreshold"/>, 5%).</summary>
    public double TimeThreshold { get; init; } = DefaultTimeThreshold;

    /// <summary>
    /// Cost of one probe in nanoseconds (default <see cref="DefaultProbeCostNs"/>). The absolute time
    /// floor is the larger of this and two ticks of the timestamp clock.
    /// </summary>
    public double ProbeCostNs { get; init; } = DefaultProbeCostNs;

    /// <summary>Relative change of allocated bytes per call that counts (default 0.01, 1%).</summary>
    public double AllocationThreshold { get; init; } = 0.01;

    /// <summary>
    /// Absolute change of allocated bytes per call that counts (default 8): a third of the smallest
    /// object, so one more object per call always counts while rounding noise does not.
    /// </summary>
    public double AllocationFloorBytes { get; init; } = 8;

    /// <summary>Duration samples needed on each side for a time verdict (default 10); fewer gives Unknown.</summary>
    public int MinimumSamples { get; init; } = 10;

    /// <summary>Run pairs needed for a time verdict of an interleaved A/B comparison (default 5); fewer gives Unknown.</summary>
    public int MinimumPairs { get; init; } = 5;

    /// <summary>Significance level of each one-sided Mann–Whitney test (default 0.01; at most 0.2).</summary>
    public double SignificanceLevel { get; init; } = 0.01;

    /// <summary>Confidence level of the interval around the ratio of medians (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// Judge time even when the two sides were recorded on different machines or runtime versions
    /// (<see cref="ComparabilityGate.CheckMachine"/>). Off by default: time is then Unknown, and the
    /// report says why. Calls and allocations are judged either way.
    /// </summary>
    public bool AllowOtherMachine { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    internal void Validate()
    {
        if (!(TimeThreshold is >= 0 and < 10) || !(AllocationThreshold is >= 0 and < 10))
        {
            throw new AnalysisException("comparison options", "thresholds must be between 0 and 10 (0.05 is 5%)");
        }

        if (!(ProbeCostNs >= 0) || !(AllocationFloorBytes >= 0) || MinimumSamples < 2 || MinimumPairs < 2)
        {
            throw new AnalysisException("comparison options", "the probe cost and allocation floor must not be negative, and at least 2 samples and 2 pairs are needed");
        }

        if (!(SignificanceLevel is > 0 and <= 0.2) || !(ConfidenceLevel is > 0.5 and < 1))
        {
            throw new AnalysisException("comparison options", "the significance level must be in (0, 0.2] and the confidence level in (0.5, 1)");
        }
    }
}
