namespace Edm.Profiling;

/// <summary>What a probe records beyond a plain timed call; the fast path reads it once per call.</summary>
[Flags]
internal enum ProbeModes : byte
{
    /// <summary>A plain timed call: the fast path does everything.</summary>
    None = 0,

    /// <summary>The Detailed layer's counters too (after the run-time layer cap).</summary>
    Detailed = 1,

    /// <summary>Adaptive timing times one call in N and counts the rest.</summary>
    Sampled = 2,
}
