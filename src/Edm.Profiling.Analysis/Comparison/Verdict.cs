namespace Edm.Profiling.Analysis;

/// <summary>What a comparison concluded for one method and metric.</summary>
public enum Verdict
{
    /// <summary>No change beyond the thresholds.</summary>
    Unchanged = 0,

    /// <summary>Better than the baseline beyond the thresholds.</summary>
    Improved = 1,

    /// <summary>Worse than the baseline beyond the thresholds.</summary>
    Regressed = 2,

    /// <summary>Too little data to tell. Never fails a build.</summary>
    Unknown = 3,

    /// <summary>In the current run only.</summary>
    New = 4,

    /// <summary>In the baseline only.</summary>
    Missing = 5,

    /// <summary>The runs cannot be compared (different machine, runtime, configuration or format).</summary>
    Incomparable = 6,
}

/// <summary>The figures a comparison judges.</summary>
public enum Metric
{
    /// <summary>Number of calls: deterministic, any change is reported.</summary>
    Calls = 0,

    /// <summary>Allocated bytes per call: deterministic, a hard gate above a relative threshold and an absolute floor.</summary>
    AllocatedBytesPerCall = 1,

    /// <summary>Wall time per call: judged with a rank-based equivalence test on the duration samples.</summary>
    WallTime = 2,
}
