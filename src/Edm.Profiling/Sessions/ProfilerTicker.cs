using System.Diagnostics;

namespace Edm.Profiling;

/// <summary>
/// The runtime's periodic work (adaptive timing's review, the heap series, rolling session files) on one
/// background thread of its own, started with the first job and ended with the last.
/// </summary>
/// <remarks>
/// Not <see cref="Timer"/>: a timer's first tick starts the thread pool (a timer thread, workers and a gate
/// thread) in a program that may not use it otherwise. Each is a managed thread that the runtime's stack
/// sampler walks a thousand times a second while CPU sampling is on (benchmarks/README.md, "Tiering delay:
/// the profiler's own threads kept the program unoptimised"), and the pool's first work items compile code at tier 0 while the program runs: new
/// tier-0 code puts off the tiered compiler's call counting, so the program's own hot methods stayed
/// unoptimised a few hundred milliseconds longer (edm evaluate: about 10% of its wall time).
/// A job whose first tick runs as soon as it is added has what it compiles compiled while the session starts.
/// </remarks>
internal static class ProfilerTicker
{
    private static readonly object s_gate = new();
    private static readonly List<Job> s_jobs = [];
    private static Thread? s_thread;

    /// <summary>
    /// Runs <paramref name="tick"/> on the ticker's thread after <paramref name="first"/> (now when null) and then
    /// every <paramref name="period"/> until the returned handle is disposed. A tick that is running when the
    /// handle is disposed finishes (as a timer's would); <paramref name="tick"/> must not throw (one that does
    /// is not run again).
    /// </summary>
    internal static IDisposable Every(TimeSpan period, Action tick, TimeSpan? first = null)
    {
        var job = new Job(tick, Ticks(period)) { Due = Stopwatch.GetTimestamp() + (first is { } wait ? Ticks(wait) : 0) };
        lock (s_gate)
        {
            s_jobs.Add(job);
            if (s_thread is null)
            {
                // No execution context of the caller's: its AsyncLocals stay with the program.
                var thread = new Thread(Run) { IsBackground = true, Name = "Edm.Profiling ticker" };
                using (ExecutionContext.SuppressFlow())
                {
                    thread.Start();
                }

                s_thread = thread;
            }

            Monitor.PulseAll(s_gate);
        }

        return job;
    }

    /// <summary>Whether the ticker's thread is running (tests: it ends with its last job).</summary>
    internal static bool IsRunning
    {
        get
        {
            lock (s_gate)
            {
                return s_thread is not null;
            }
        }
    }

    private static long Ticks(TimeSpan span) => Math.Max(1, (long)(span.TotalSeconds * Stopwatch.Frequency));

    private static void Run()
    {
        var due = new List<Job>();
        while (true)
        {
            lock (s_gate)
            {
                while (true)
                {
                    if (s_jobs.Count == 0)
                    {
                        s_thread = null;
                        return;
                    }

                    long now = Stopwatch.GetTimestamp(), next = long.MaxValue;
                    foreach (Job job in s_jobs)
                    {
                        next = Math.Min(next, job.Due);
                    }

                    if (next <= now)
                    {
                        foreach (Job job in s_jobs)
                        {
                            if (job.Due <= now)
                            {
                                job.Due = now + job.PeriodTicks;
                                due.Add(job);
                            }
                        }

                        break;
                    }

                    double waitMs = Math.Ceiling((next - now) * 1000.0 / Stopwatch.Frequency);
                    Monitor.Wait(s_gate, (int)Math.Min(int.MaxValue, waitMs));
                }
            }

            foreach (Job job in due)
            {
                job.Tick();
            }

            due.Clear();
        }
    }

    private sealed class Job(Action tick, long periodTicks) : IDisposable
    {
        internal long PeriodTicks { get; } = periodTicks;

        /// <summary>When the next tick is due (a <see cref="Stopwatch"/> timestamp).</summary>
        internal long Due { get; set; }

        private bool _disposed;

        internal void Tick()
        {
            // Picked as due, then disposed before its turn in this round: it does not start after its handle is gone.
            if (Volatile.Read(ref _disposed))
            {
                return;
            }

            try
            {
                tick();
            }
#pragma warning disable CA1031 // An exception on the ticker's thread would end the process: the job stops instead.
            catch (Exception)
#pragma warning restore CA1031
            {
                Dispose();
            }
        }

        public void Dispose()
        {
            lock (s_gate)
            {
                Volatile.Write(ref _disposed, true);
                s_jobs.Remove(this);
                Monitor.PulseAll(s_gate);
            }
        }
    }
}
