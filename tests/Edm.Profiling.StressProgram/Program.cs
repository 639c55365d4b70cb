using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Edm.Profiling.StressProgram;

/// <summary>
/// <c>Edm.Profiling.StressProgram &lt;counts file&gt; [--race]</c>: probed calls on many threads from the
/// first line of Main until the process exits; at exit, the calls it counted itself go to the counts
/// file (a <c>name→count</c> line per probed method, tab-separated), for the test to compare with the session.
/// </summary>
/// <remarks>
/// What "until the process exits" means: the program's own exit handler, registered by a module
/// initialiser before any probe exists, is the first to run when the process exits. It stops every
/// worker at its next call boundary, waits for them (async calls included) and writes the counts;
/// the session's exit handler, registered at the first probe, runs after it. So every call that
/// completed before the process began to exit is in the counts and must be in the session, exactly.
/// With <c>--race</c> the workers go on calling while the session stops and is written: the first
/// handler only reads the counts (C1) and how many calls can be under way; a handler registered at
/// the end of Main, so after the session's, stops the workers and reads them again (C2). The session
/// then holds every call completed before it stopped, so C1 − (calls under way) ≤ session ≤ C2.
/// </remarks>
internal static class Program
{
    private const int LongThreads = 6;
    private const int ShortThreads = 8;
    private const int ShortThreadCalls = 2_000;
    private const int PoolItems = 8;
    private const int AsyncLoops = 6;

    private static readonly ManualResetEventSlim s_go = new();

    // Every long-running worker signals once it has completed a call, so all kinds are busy when Main returns.
    private static readonly CountdownEvent s_busy = new(LongThreads + PoolItems + AsyncLoops);
    private static readonly List<Thread> s_threads = [];
    private static readonly List<Task> s_asyncLoops = [];
    private static volatile bool s_stop;
    private static int s_poolItemsRunning;
    private static string? s_countsFile;
    private static bool s_race;
    private static bool s_sessionRanAtExit;
    private static long[]? s_countsAtExit;
    private static int s_underWayBound;

    [ModuleInitializer]
    internal static void WatchExit() => AppDomain.CurrentDomain.ProcessExit += (_, _) => AtExit();

    private static int Main(string[] args)
    {
        // From the first line: workers of every kind wait at one gate, released together with Main's own calls.
        StartWorkers();
        s_countsFile = args[0];
        s_race = args is [_, "--race"];
        s_go.Set();
        for (int i = 0; i < 5_000; i++)
        {
            Counts.Hit(i);
        }

        // Main returns while every worker is still calling: the process exits under load.
        s_busy.Wait();
        if (s_race)
        {
            // Registered after the session's exit handler (the first probe registered that), so it runs after it.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAndCount();
        }

        return 0;
    }

    private static void StartWorkers()
    {
        for (int t = 0; t < LongThreads; t++)
        {
            int first = t;
            var thread = new Thread(() => CallUntilStopped(first)) { IsBackground = true, Name = "long-" + t };
            s_threads.Add(thread);
            thread.Start();
        }

        for (int t = 0; t < ShortThreads; t++)
        {
            // Ends long before the session stops: its buffer must still be merged.
            int first = t + 3;
            var thread = new Thread(() => CallThenEnd(first)) { IsBackground = true, Name = "short-" + t };
            s_threads.Add(thread);
            thread.Start();
        }

        for (int p = 0; p < PoolItems; p++)
        {
            Interlocked.Increment(ref s_poolItemsRunning);
            int first = p + 5;
            ThreadPool.UnsafeQueueUserWorkItem(_ => PoolItem(first, signal: true), null);
        }

        for (int a = 0; a < AsyncLoops; a++)
        {
            s_asyncLoops.Add(Task.Run(AsyncLoop));
        }
    }

    private static void CallUntilStopped(int first)
    {
        s_go.Wait();
        Counts.Hit(first);
        s_busy.Signal();
        for (int i = first + 1; !s_stop; i++)
        {
            Counts.Hit(i);
        }
    }

    private static void CallThenEnd(int first)
    {
        s_go.Wait();
        for (int i = first; i < first + ShortThreadCalls; i++)
        {
            Counts.Hit(i);
        }
    }

    /// <summary>A pool work item that makes a few calls and queues its successor, until stopped.</summary>
    private static void PoolItem(int first, bool signal)
    {
        for (int i = first; i < first + 200; i++)
        {
            Counts.Hit(i);
        }

        if (signal)
        {
            s_busy.Signal();
        }

        if (s_stop)
        {
            Interlocked.Decrement(ref s_poolItemsRunning);
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(_ => PoolItem(first + 1, signal: false), null);
    }

    private static async Task AsyncLoop()
    {
        await Later.StepAsync();
        s_busy.Signal();
        while (!s_stop)
        {
            await Later.StepAsync();
        }
    }

    private static void AtExit()
    {
        // The session must still be running: this handler is the first to run at exit.
        s_sessionRanAtExit = Profiler.ActiveSession is { IsRunning: true };
        if (!s_race)
        {
            StopAndCount();
            return;
        }

        s_countsAtExit = [.. Enumerable.Range(0, Counts.Names.Length).Select(Counts.Read)];

        // A call is under way on at most one pool or dedicated thread each, plus one awaiting per async loop.
        s_underWayBound = LongThreads + ShortThreads + AsyncLoops + ThreadPool.ThreadCount + 1;
    }

    private static void StopAndCount()
    {
        s_stop = true;
        foreach (Thread thread in s_threads)
        {
            thread.Join();
        }

        Task.WaitAll([.. s_asyncLoops]);
        SpinWait.SpinUntil(() => Volatile.Read(ref s_poolItemsRunning) == 0);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"session-running-at-exit\t{s_sessionRanAtExit}\n");
        if (s_countsAtExit is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"under-way-bound\t{s_underWayBound}\n");
        }

        for (int i = 0; i < Counts.Names.Length; i++)
        {
            // Race mode: the count when the process began to exit, then the final one.
            string atExit = s_countsAtExit is { } c1 ? $"{c1[i]}\t" : "";
            text.Append(CultureInfo.InvariantCulture, $"{Counts.Names[i]}\t{atExit}{Counts.Read(i)}\n");
        }

        File.WriteAllText(s_countsFile!, text.ToString());
    }
}
