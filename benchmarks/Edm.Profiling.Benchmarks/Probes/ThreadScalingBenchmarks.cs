using BenchmarkDotNet.Attributes;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// One probe called from one thread, then from two: with thread-local buffers and no shared writes,
/// two threads should do close to twice the calls per unit of time (goal: at least 1.8×).
/// Each operation is a fixed batch of calls split over the threads, so throughput is batch / time.
/// </summary>
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ThreadScalingBenchmarks
{
    private const int CallsPerOperation = 2_000_000;
    private ProfilingSession? _session;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = Profiler.StartSession("thread-scaling", new SessionOptions { AdaptiveTiming = false });
    }

    [GlobalCleanup]
    public void Cleanup() => _session?.Stop();

    [Benchmark(OperationsPerInvoke = CallsPerOperation, Description = "Lightweight probe, calls split over threads")]
    public void SharedProbe()
    {
        int perThread = CallsPerOperation / Threads;
        if (Threads == 1)
        {
            Loop(perThread);
            return;
        }

        var workers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            workers[t] = new Thread(() => Loop(perThread));
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }
    }

    private static void Loop(int calls)
    {
        int value = 0;
        for (int i = 0; i < calls; i++)
        {
            value += Target.Add(i); // intercepted: [Profile] on Target.Add
        }

        GC.KeepAlive(value);
    }
}
