namespace Edm.Profiling.EventPipe;

/// <summary>
/// How many bytes and objects one allocation event stands for (docs/profiling.md, "Allocation sampling").
/// </summary>
/// <remarks>
/// <para><c>AllocationSampled</c> (.NET 10): the runtime flips a coin with success probability
/// p = 1/102,400 for each byte allocated, and emits one event for an object as soon as one of its
/// bytes succeeds. An object of size n is therefore sampled with probability 1 − qⁿ (q = 1 − p), and
/// weighting each sampled object by n / (1 − qⁿ) bytes (and 1 / (1 − qⁿ) objects) gives an unbiased
/// estimate of the bytes (and objects) allocated, of any subset (a type, a site, a probe) as of the
/// whole. Its variance is Σ n²qⁿ/(1 − qⁿ) over the objects, at most N·q/p for N bytes (the bound is
/// reached by the smallest objects): the relative standard error of an estimate of N bytes is at most
/// √(q/(pN)) ≈ 1/√(N/102,400), one over the root of the number of events expected.</para>
/// <para><c>GCAllocationTick</c> (older runtimes): one event each time about 100 KB were allocated on a
/// heap, carrying the bytes allocated since the previous one and the type of the object that crossed
/// the threshold. Each event is charged its whole amount to that type and stack. Totals are close to
/// exact; the split by type and site is biased toward large objects (more likely to cross the line)
/// and, for periodic allocation patterns, can be badly off, since the threshold is fixed.</para>
/// </remarks>
internal static class AllocationEstimator
{
    /// <summary>Mean bytes between two <c>AllocationSampled</c> events: 1/p.</summary>
    internal const long SampledMeanIntervalBytes = 102_400;

    /// <summary>The bytes between two <c>GCAllocationTick</c> events (the runtime's threshold, about 100 KB).</summary>
    internal const long TickIntervalBytes = 100 * 1024;

    /// <summary>ln q, q = 1 − p: the log of the chance that one byte is not sampled.</summary>
    private static readonly double s_logQ = Math.Log(1 - (1.0 / SampledMeanIntervalBytes));

    /// <summary>The chance that an object of <paramref name="size"/> bytes produces an <c>AllocationSampled</c> event: 1 − q^size.</summary>
    internal static double SampledProbability(long size) => size <= 0 ? 1 : 1 - Math.Exp(size * s_logQ);

    /// <summary>Bytes and objects one <c>AllocationSampled</c> event of an object of <paramref name="size"/> bytes stands for.</summary>
    internal static (double Bytes, double Objects) Sampled(long size)
    {
        double probability = SampledProbability(size);
        return (Math.Max(size, 0) / probability, 1 / probability);
    }

    /// <summary>Bytes and objects one <c>GCAllocationTick</c> event stands for: the bytes since the previous one, in objects of the size that crossed.</summary>
    internal static (double Bytes, double Objects) Tick(long amount, long objectSize) =>
        (amount, objectSize > 0 ? (double)amount / objectSize : 1);

    /// <summary>
    /// The largest standard error of an <c>AllocationSampled</c> estimate of <paramref name="bytes"/>
    /// bytes, whatever the object sizes: √(N·q/p).
    /// </summary>
    internal static double MaxStandardError(double bytes) => Math.Sqrt(Math.Max(bytes, 0) * (SampledMeanIntervalBytes - 1));
}
