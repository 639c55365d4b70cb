namespace Edm.Profiling.Analysis.Reporting;

/// <summary>What the number at the end of a folded-stack line counts.</summary>
public enum FoldedValue
{
    /// <summary>Self time of the path, in integer nanoseconds (a CPU flame graph of wall time).</summary>
    SelfNanoseconds = 0,

    /// <summary>Self time of the path, in integer microseconds (rounded down; paths under 1 µs are left out).</summary>
    SelfMicroseconds = 1,

    /// <summary>Bytes allocated on the path minus those of Detailed callees (an allocation flame graph; Detailed probes only).</summary>
    SelfAllocatedBytes = 2,

    /// <summary>
    /// Estimated bytes allocated on the path from the session's allocation samples: each call-tree path
    /// weighs what its probed method allocated itself, each sampled frame below it what it allocated
    /// itself, and <c>(outside probes)</c> the rest (an allocation flame graph of the whole program;
    /// needs <see cref="SessionReport.AllocationSamples"/>).
    /// </summary>
    SampledAllocatedBytes = 3,
}
