using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edm.Profiling.SamplingFixture;

/// <summary>
/// What the ReadyToRun naming test measures: <see cref="ReadClock"/> (profiled) spends its time in
/// CoreLib's precompiled P/Invoke stub <c>Interop+Sys.GetTimestamp</c>, as a probe's exit does. The
/// clock is read in a <c>finally</c> block, where the JIT calls the stub instead of inlining the P/Invoke;
/// the stub is ReadyToRun code that tiering never replaces and that the runtime's rundown does not name.
/// </summary>
internal static class PrecompiledWorkload
{
    internal const int Milliseconds = 300;

    private static long s_sink;

    internal static long Sink => s_sink;

    /// <summary>Calls <see cref="ReadClock"/> directly, so its interceptor runs.</summary>
    internal static void Run() => ReadClock(Milliseconds);

    [Profile]
    internal static void ReadClock(int milliseconds) => s_sink += ClockLoop(milliseconds);

    /// <summary>Fully optimised from the first call (no tier-0 code, no on-stack replacement): the loop stays as written.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static long ClockLoop(int milliseconds)
    {
        long end = Stopwatch.GetTimestamp() + (milliseconds * Stopwatch.Frequency / 1000);
        long now = 0, reads = 0;
        while (now < end)
        {
            try
            {
                reads++;
            }
            finally
            {
                now = Stopwatch.GetTimestamp();
            }
        }

        return reads;
    }
}
