namespace Edm.Profiling.CommandLine.Tests.Support;

/// <summary>The test app's annotated methods: probed, since this project builds with EdmProfiling=true.</summary>
public static class Workload
{
    private static long s_sink;

    /// <summary>A little arithmetic, plus a sleep when a test wants a slower run.</summary>
    [Profile]
    public static void Step(int seed, int delayMs)
    {
        long x = seed;
        for (int i = 0; i < 2_000; i++)
        {
            x = (x * 6364136223846793005) + 1442695040888963407;
        }

        Interlocked.Add(ref s_sink, x);
        if (delayMs > 0)
        {
            Thread.Sleep(delayMs);
        }
    }

    /// <summary>An async step: work, a hop to the thread pool, more work.</summary>
    [Profile]
    public static async Task<int> StepAsync(int seed)
    {
        Step(seed, 0);
        await Task.Yield();
        Step(seed + 1, 0);
        return seed;
    }
}
