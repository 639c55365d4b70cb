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

/// <summary>
/// A quick loop timing of adaptive timing, without BenchmarkDotNet: the 20 ns and 3 ns methods plain and
/// profiled, after a warm-up long enough for the review to sample them, in interleaved batches whose
/// 10th percentile is kept (a batch slowed by a preemption does not count).
/// </summary>
public static class AdaptiveTimingLoop
{
    public static void Run()
    {
        const int Batch = 20_000, Batches = 400;
        using ProfilingSession session = Profiler.StartSession("adaptive-timing");
        int sink = 0;
        long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < until)
        {
            for (int i = 0; i < Batch; i++)
            {
                sink += TinyTarget.Twenty(i) + TinyTarget.Tiny(i) + TinyTarget.Add(i);
            }
        }

        var times = new double[6][];
        for (int k = 0; k < times.Length; k++)
        {
            times[k] = new double[Batches];
        }

        for (int b = 0; b < Batches; b++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink += TinyTarget.TwentyPlain(i);
            }

            long t1 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink += TinyTarget.Twenty(i);
            }

            long t2 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink += TinyTarget.TinyPlain(i);
            }

            long t3 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink += TinyTarget.Tiny(i);
            }

            long t4 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink += TinyTarget.AddOptedOut(i);
            }

            long t5 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Batch; i++)
            {
                sink += TinyTarget.Add(i);
            }

            long t6 = Stopwatch.GetTimestamp();
            long[] marks = [t0, t1, t2, t3, t4, t5, t6];
            for (int k = 0; k < times.Length; k++)
            {
                times[k][b] = Stopwatch.GetElapsedTime(marks[k], marks[k + 1]).TotalNanoseconds / Batch;
            }
        }

        double[] low = [.. times.Select(t => t.Order().ElementAt(Batches / 10))];
        SessionReport report = session.Stop();
        Console.WriteLine($"20 ns method: plain {low[0]:F2} ns, profiled {low[1]:F2} ns, amortised {low[1] - low[0]:F2} ns");
        Console.WriteLine($" 3 ns method: plain {low[2]:F2} ns, profiled {low[3]:F2} ns, amortised {low[3] - low[2]:F2} ns");
        Console.WriteLine($"x + 1: opted out (every call timed) {low[4]:F2} ns, sampled {low[5]:F2} ns   ({sink})");
        foreach (MethodStatistics m in report.Methods)
        {
            Console.WriteLine($"  {report.FindProbe(m.ProbeId)?.Name}: {m.Calls:N0} calls, {(m.Sampling is { } s ? $"1 in {(double)m.Calls / Math.Max(1, s.TimedCalls):0} timed" : "all timed")}");
        }
    }
}
