namespace Edm.Profiling;

/// <summary>How much a probe records for each call.</summary>
public enum Layer
{
    /// <summary>
    /// Quick timing: calls, inclusive and self wall time, min, max, percentiles and the call tree.
    /// Costs two timestamps and a few stores a call, allocates nothing.
    /// </summary>
    Lightweight = 0,

    /// <summary>
    /// Everything in <see cref="Lightweight"/> plus allocated bytes, GC collections during the call,
    /// and thread CPU time sampled on one call in N, which gives the off-CPU (waiting, I/O) share.
    /// </summary>
    Detailed = 1,
}
