using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// The timestamp source of every probe: <see cref="Stopwatch.GetTimestamp"/>, or a clock injected by
/// tests so timing logic can be checked exactly.
/// </summary>
internal static class ProbeClock
{
    private static Func<long>? s_testClock;
    private static long s_testFrequency;

    /// <summary>Whether a test clock is installed.</summary>
    internal static bool IsOverridden => s_testClock is not null;

    internal static long Frequency => s_testClock is null ? Stopwatch.Frequency : s_testFrequency;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Now()
    {
        Func<long>? test = s_testClock;
        return test is null ? Stopwatch.GetTimestamp() : test();
    }

    /// <summary>Replaces the clock until the returned handle is disposed. For tests.</summary>
    internal static IDisposable Override(Func<long> clock, long frequency)
    {
        s_testClock = clock;
        s_testFrequency = frequency;
        return new Restore();
    }

    internal static long ToNanoseconds(long ticks, long frequency) =>
        frequency == 1_000_000_000 ? ticks : (long)(ticks * (1_000_000_000.0 / frequency));

    private sealed class Restore : IDisposable
    {
        public void Dispose() => s_testClock = null;
    }
}
