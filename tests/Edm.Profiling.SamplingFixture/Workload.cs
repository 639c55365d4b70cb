using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Edm.Profiling.SamplingFixture;

/// <summary>
/// What the sampling tests measure: <see cref="Outer"/> (profiled) spends about 300 ms running
/// <see cref="HotLoop"/> (not annotated), then 300 ms in <c>Thread.Sleep</c>; outside any probe,
/// <see cref="GenericWork{T}"/> runs 100 ms and <see cref="TopLevelLoop"/> spins 300 ms.
/// </summary>
internal static class Workload
{
    internal const int HotMilliseconds = 300;
    internal const int GenericMilliseconds = 100;
    internal const int SleepMilliseconds = 300;
    internal const int TopLevelMilliseconds = 300;

    private static long s_sink;

    internal static long Sink => s_sink;

    internal static void Run()
    {
        Outer();
        s_sink += GenericWork(new double[256], GenericMilliseconds);
        TopLevelLoop(TopLevelMilliseconds);
    }

    /// <summary>How many gen-2 collections <see cref="OuterThenCollections"/> induces.</summary>
    internal const int GcCollections = 3;

    /// <summary>The gc backend's workload: <see cref="Outer"/>, then <see cref="GcCollections"/> induced gen-2 collections in a scope.</summary>
    internal static void OuterThenCollections()
    {
        Outer();
        using (Profiler.Scope(CollectScope))
        {
            for (int i = 0; i < GcCollections; i++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            }
        }
    }

    /// <summary>The scope <see cref="OuterThenCollections"/> collects in.</summary>
    internal const string CollectScope = "fixture.collect";

    [Profile]
    internal static void Outer()
    {
        s_sink += HotLoop(HotMilliseconds);
        Thread.Sleep(SleepMilliseconds);
    }

    /// <summary>How long <see cref="Spinning"/> runs <see cref="HotLoop"/>: long enough for many sampler windows.</summary>
    internal const int SpinningMilliseconds = 1500;

    /// <summary>The windowed sampler's workload: <see cref="HotLoop"/> for <see cref="SpinningMilliseconds"/> inside a probe.</summary>
    [Profile]
    internal static void Spinning() => s_sink += HotLoop(SpinningMilliseconds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static long HotLoop(int milliseconds)
    {
        long x = 1;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < milliseconds)
        {
            for (int i = 0; i < 10_000; i++)
            {
                x = (x * 6364136223846793005L) + i;
            }
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static long GenericWork<T>(T[] items, int milliseconds)
    {
        long x = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < milliseconds)
        {
            for (int i = 0; i < items.Length; i++)
            {
                x += EqualityComparer<T>.Default.GetHashCode(items[i]!) + i;
            }
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static long TopLevelLoop(int milliseconds)
    {
        long x = 7;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < milliseconds)
        {
            for (int i = 0; i < 10_000; i++)
            {
                x ^= (x << 13) + i;
            }
        }

        s_sink += x;
        return x;
    }
}
