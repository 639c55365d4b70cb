namespace Edm.Profiling.Tests;

/// <summary>
/// The runtime's one thread for periodic work (<see cref="ProfilerTicker"/>): when ticks run, that they stop with
/// their handle, that a failing job stops alone, and that the thread is its own (no thread pool) and ends with
/// its last job. Waits are on events with generous timeouts; no test depends on how long a tick takes.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class ProfilerTickerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void A_job_ticks_at_once_on_the_tickers_own_thread_and_not_again_before_its_period()
    {
        var ticked = new CountdownEvent(1);
        int ticks = 0;
        string? name = null;
        bool poolThread = true, background = false;
        using (ProfilerTicker.Every(Hour, () =>
        {
            name = Thread.CurrentThread.Name;
            poolThread = Thread.CurrentThread.IsThreadPoolThread;
            background = Thread.CurrentThread.IsBackground;
            Interlocked.Increment(ref ticks);
            ticked.Signal();
        }))
        {
            Assert.True(ticked.Wait(Patience));
            Thread.Sleep(50);
            Assert.Equal(1, Volatile.Read(ref ticks));
        }

        Assert.Equal("Edm.Profiling ticker", name);
        Assert.False(poolThread);
        Assert.True(background);
    }

    [Fact]
    public void A_first_delay_holds_the_first_tick_back_and_ticks_repeat_every_period_until_disposed()
    {
        int early = 0;
        using (ProfilerTicker.Every(Hour, () => Interlocked.Increment(ref early), first: Hour))
        {
            var repeated = new CountdownEvent(3);
            int ticks = 0;
            IDisposable job = ProfilerTicker.Every(TimeSpan.FromMilliseconds(5), () =>
            {
                Interlocked.Increment(ref ticks);
                if (repeated.CurrentCount > 0)
                {
                    repeated.Signal();
                }
            });
            Assert.True(repeated.Wait(Patience));
            job.Dispose();

            // A tick that had started when the handle was disposed may still finish; none starts after it.
            Thread.Sleep(20);
            int after = Volatile.Read(ref ticks);
            Thread.Sleep(100);
            Assert.Equal(after, Volatile.Read(ref ticks));
        }

        Assert.Equal(0, Volatile.Read(ref early));
    }

    [Fact]
    public void A_job_that_throws_stops_and_the_others_keep_ticking()
    {
        int failing = 0;
        var healthy = new CountdownEvent(3);
        using IDisposable bad = ProfilerTicker.Every(TimeSpan.FromMilliseconds(5), () =>
        {
            Interlocked.Increment(ref failing);
            throw new InvalidOperationException("a job that fails");
        });
        using IDisposable good = ProfilerTicker.Every(TimeSpan.FromMilliseconds(5), () =>
        {
            if (healthy.CurrentCount > 0)
            {
                healthy.Signal();
            }
        });

        Assert.True(healthy.Wait(Patience));
        Assert.Equal(1, Volatile.Read(ref failing));
    }

    [Fact]
    public void The_thread_ends_with_the_last_job_and_a_new_job_starts_it_again()
    {
        // Sessions of other test classes may hold jobs (adaptive timing's review): this class's collection
        // keeps profiler tests apart, so none runs now.
        var ticked = new ManualResetEventSlim();
        using (ProfilerTicker.Every(Hour, ticked.Set))
        {
            Assert.True(ticked.Wait(Patience));
            Assert.True(ProfilerTicker.IsRunning);
        }

        Assert.True(SpinWait.SpinUntil(() => !ProfilerTicker.IsRunning, Patience));

        ticked.Reset();
        using (ProfilerTicker.Every(Hour, ticked.Set))
        {
            Assert.True(ticked.Wait(Patience));
        }
    }

    [Fact]
    public void A_session_with_adaptive_timing_reviews_on_the_ticker_and_stops_it_at_its_end()
    {
        ProfilingSession session = Profiler.StartSession("ticker", new SessionOptions { AdaptiveTiming = true });
        bool reviewing = ProfilerTicker.IsRunning;
        session.Stop();

        Assert.True(reviewing);
        Assert.True(SpinWait.SpinUntil(() => !ProfilerTicker.IsRunning, Patience));
    }
}
