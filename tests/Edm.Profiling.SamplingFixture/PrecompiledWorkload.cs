namespace Edm.Profiling.SamplingFixture;

/// <summary>
/// What the ReadyToRun naming test measures: <see cref="HashText"/> (profiled) spends its time inside
/// CoreLib's precompiled (ReadyToRun) string hashing, <c>string.GetHashCode(ReadOnlySpan&lt;char&gt;)</c>
/// (Marvin), over a long text. It is called a few times only, fewer than tiered compilation counts
/// before it compiles a method again, so the samples stop in CoreLib's ReadyToRun code, which no
/// JIT event names.
/// </summary>
internal static class PrecompiledWorkload
{
    /// <summary>Calls of the CoreLib method: well below the 30 calls after which tiering would compile it again.</summary>
    internal const int Calls = 12;

    /// <summary>Characters hashed per call (32 MiB of text).</summary>
    internal const int Length = 16 * 1024 * 1024;

    private static int s_sink;

    internal static long Sink => s_sink;

    /// <summary>Calls <see cref="HashText"/> directly, so its interceptor runs.</summary>
    internal static void Run()
    {
        HashText(new string('x', Length));
        ReadClock(300);
        Collections(300);
        Allocated(300);
    }

    [Profile]
    internal static void Collections(int milliseconds)
    {
        long end = System.Diagnostics.Stopwatch.GetTimestamp() + (milliseconds * System.Diagnostics.Stopwatch.Frequency / 1000);
        while (System.Diagnostics.Stopwatch.GetTimestamp() < end)
        {
            s_sink += GC.CollectionCount(0);
        }
    }

    [Profile]
    internal static void Allocated(int milliseconds)
    {
        long end = System.Diagnostics.Stopwatch.GetTimestamp() + (milliseconds * System.Diagnostics.Stopwatch.Frequency / 1000);
        while (System.Diagnostics.Stopwatch.GetTimestamp() < end)
        {
            s_sink += (int)GC.GetAllocatedBytesForCurrentThread();
        }
    }

    [Profile]
    internal static void ReadClock(int milliseconds)
    {
        long end = System.Diagnostics.Stopwatch.GetTimestamp() + (milliseconds * System.Diagnostics.Stopwatch.Frequency / 1000);
        while (System.Diagnostics.Stopwatch.GetTimestamp() < end)
        {
            s_sink++;
        }
    }

    [Profile]
    internal static void HashText(string text)
    {
        for (int i = 0; i < Calls; i++)
        {
            s_sink ^= string.GetHashCode(text.AsSpan());
        }
    }
}
