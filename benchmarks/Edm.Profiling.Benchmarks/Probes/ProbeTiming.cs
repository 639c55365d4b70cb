using System.Diagnostics;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// A quick loop timing of the probes, without BenchmarkDotNet, for trying changes to the hot path:
/// ns per call of a direct call, two timestamps, and the generated Lightweight and Detailed probes.
/// </summary>
public static class ProbeTiming
{
    public static void Run()
    {
        const int Calls = 10_000_000;
        using ProfilingSession session = Profiler.StartSession("probe-timing", new SessionOptions { AdaptiveTiming = false });
        for (int round = 0; round < 5; round++)
        {
            int sink = 0;
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++)
            {
                sink += Target.AddPlain(i);
            }

            long t1 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++)
            {
                sink += (int)(Stopwatch.GetTimestamp() - Stopwatch.GetTimestamp()) + Target.AddPlain(i);
            }

            long t2 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++)
            {
                sink += Target.Add(i);
            }

            long t3 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++)
            {
                sink += Target.AddDetailed(i);
            }

            long t4 = Stopwatch.GetTimestamp();
            double ns(long a, long b) => Stopwatch.GetElapsedTime(a, b).TotalNanoseconds / Calls;
            Console.WriteLine($"direct {ns(t0, t1):F1} ns   2 timestamps {ns(t1, t2):F1} ns   Lightweight {ns(t2, t3):F1} ns   Detailed {ns(t3, t4):F1} ns   ({sink})");
        }
    }
}
