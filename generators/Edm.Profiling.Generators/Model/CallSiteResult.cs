namespace Edm.Profiling.Generators.Model;

/// <summary>What parsing one invocation gave: a call to intercept, a skipped call, or nothing (not a profiled method).</summary>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record CallSiteResult(CallSiteSpec? Intercepted, SkippedCallSpec? Skipped)
{
    /// <summary>The invocation does not call a profiled method.</summary>
    public static readonly CallSiteResult NotProfiled = new(null, null);
}
