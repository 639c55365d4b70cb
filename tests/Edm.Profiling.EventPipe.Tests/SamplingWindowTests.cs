using System.Diagnostics;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The sampler's windows on a fake clock: where they fall, how long, the duty measured, and the weight a
/// sample gets from it. Deterministic: seeded gaps, a clock that moves only when the loop waits or switches.
/// </summary>
public sealed class SamplingWindowTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void Windows_last_the_planned_length_and_the_sampler_is_on_about_the_duty_of_the_time()
    {
        var clock = new FakeClock { EndAt = TimeSpan.FromSeconds(600) };
        var sampler = new FakeSampler(clock);
        var loop = new SamplingWindowLoop(new SamplingWindowPlan(0.25, s_window, new Random(7)), clock, sampler);

        loop.Run();

        Assert.False(sampler.IsOn);
        Assert.Equal(sampler.Windows.Count, loop.Windows);
        // Every window but the first (it may start part-way in) and the last (cut by the end) is the planned length.
        Assert.All(sampler.Windows.Skip(1).SkipLast(1), w => Assert.Equal(s_window, w.Off - w.On));
        // 600 s at a quarter: about 3,000 windows of 50 ms, on about 150 s.
        Assert.InRange(loop.Windows, 2_700, 3_300);
        Assert.InRange(loop.Duty, 0.23, 0.27);
        AssertClose(TimeSpan.FromSeconds(600), loop.Span);
        AssertClose(TimeSpan.FromTicks(sampler.Windows.Sum(w => (w.Off - w.On).Ticks)), loop.On);
    }

    [Fact]
    public void Gaps_are_jittered_exponential_around_their_mean_so_windows_do_not_lock_to_a_period()
    {
        var clock = new FakeClock { EndAt = TimeSpan.FromSeconds(600) };
        var sampler = new FakeSampler(clock);
        new SamplingWindowLoop(new SamplingWindowPlan(0.25, s_window, new Random(11)), clock, sampler).Run();

        List<TimeSpan> gaps = [.. sampler.Windows.Zip(sampler.Windows.Skip(1), (a, b) => b.On - a.Off)];
        double meanMs = gaps.Average(g => g.TotalMilliseconds);
        Assert.InRange(meanMs, 135, 165); // the mean gap: 50 ms × (1 − 0.25) / 0.25 = 150 ms
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.Zero));
        // Exponential: about 1 − e^−1 = 63% of the gaps are shorter than the mean, and some are much longer.
        double shorter = gaps.Count(g => g.TotalMilliseconds < 150) / (double)gaps.Count;
        Assert.InRange(shorter, 0.58, 0.68);
        Assert.Contains(gaps, g => g.TotalMilliseconds > 450);
        // The window starts fall at every phase of a 200 ms period (the mean cycle): no locking.
        var phases = sampler.Windows.Select(w => (int)(w.On.TotalMilliseconds % 200 / 50)).ToHashSet();
        Assert.Equal(4, phases.Count);
    }

    [Fact]
    public void A_plan_starts_inside_a_window_with_probability_duty_and_no_full_duty_start()
    {
        int insideWindow = 0;
        var random = new Random(13); // one generator for all: the first draws of consecutive seeds are alike
        for (int run = 0; run < 2_000; run++)
        {
            (bool on, TimeSpan length) = new SamplingWindowPlan(0.25, s_window, random).First();
            if (on)
            {
                insideWindow++;
                Assert.InRange(length, TimeSpan.Zero, s_window); // the rest of a window, never more
            }
        }

        Assert.InRange(insideWindow, 430, 570); // 2,000 × 0.25 = 500
    }

    [Fact]
    public void Every_instant_has_the_same_chance_to_be_sampled_the_start_included()
    {
        // Over many seeded runs, the share of runs whose sampler is on at a given instant is the duty,
        // at 10 ms (the start) as at 5 s: the start-up is not weighted differently from the rest.
        const int Runs = 2_000;
        TimeSpan[] instants = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(120), TimeSpan.FromSeconds(5)];
        int[] on = new int[instants.Length];
        var random = new Random(17); // one generator for all: the first draws of consecutive seeds are alike
        for (int run = 0; run < Runs; run++)
        {
            var clock = new FakeClock { EndAt = TimeSpan.FromSeconds(6) };
            var sampler = new FakeSampler(clock);
            new SamplingWindowLoop(new SamplingWindowPlan(0.25, s_window, random), clock, sampler).Run();
            for (int i = 0; i < instants.Length; i++)
            {
                on[i] += sampler.Windows.Any(w => w.On <= instants[i] && instants[i] < w.Off) ? 1 : 0;
            }
        }

        Assert.All(on, count => Assert.InRange(count, 430, 570));
    }

    [Fact]
    public void Switching_off_counts_in_the_gap_and_the_duty_is_what_the_sampler_measured()
    {
        // Switching on takes 5 ms and off 30 ms; the sampler reports 40 ms on per window (it started late).
        var clock = new FakeClock { EndAt = TimeSpan.FromSeconds(60) };
        var sampler = new FakeSampler(clock) { OnLatency = TimeSpan.FromMilliseconds(5), OffLatency = TimeSpan.FromMilliseconds(30), Measured = TimeSpan.FromMilliseconds(40) };
        var loop = new SamplingWindowLoop(new SamplingWindowPlan(0.25, s_window, new Random(3)), clock, sampler);

        loop.Run();

        AssertClose(TimeSpan.FromMilliseconds(loop.Windows * 40.0), loop.On);
        Assert.Equal(loop.On / loop.Span, loop.Duty, precision: 9);
        AssertClose(TimeSpan.FromMilliseconds(loop.Windows * 35.0), loop.Switching);
        // A gap is timed from the stop request: the next window opens no earlier than the off switch's end.
        Assert.All(sampler.Windows.Zip(sampler.Windows.Skip(1)), p => Assert.True(p.Second.Asked >= p.First.Off + TimeSpan.FromMilliseconds(30)));
        // The cycle (on switch, window, off switch, gap) averages 50 + 5 + 150 ms (the off switch is in the gap):
        // fewer windows than without latency, and the duty recorded is the measured one (40 ms a window), not 0.25.
        Assert.InRange(loop.Duty, 0.16, 0.23);
    }

    [Fact]
    public void A_window_the_runtime_refuses_is_skipped_without_on_time()
    {
        var clock = new FakeClock { EndAt = TimeSpan.FromSeconds(60) };
        var sampler = new FakeSampler(clock) { RefuseEvery = 3 };
        var loop = new SamplingWindowLoop(new SamplingWindowPlan(0.25, s_window, new Random(5)), clock, sampler);

        loop.Run();

        Assert.True(loop.Skipped > 0);
        Assert.Equal(sampler.Windows.Count, loop.Windows);
        Assert.Equal(sampler.Refused, loop.Skipped);
        AssertClose(TimeSpan.FromTicks(sampler.Windows.Sum(w => (w.Off - w.On).Ticks)), loop.On); // refused windows add nothing
        Assert.InRange(loop.Duty, 0.13, 0.2); // about two windows in three ran
    }

    [Fact]
    public void Ending_during_a_window_switches_the_sampler_off_before_returning()
    {
        var clock = new FakeClock { EndAt = TimeSpan.FromMilliseconds(1) };
        var sampler = new FakeSampler(clock);
        // Duty near 1: the plan starts inside a window almost surely.
        var loop = new SamplingWindowLoop(new SamplingWindowPlan(0.999, s_window, new Random(1)), clock, sampler);

        loop.Run();

        Assert.False(sampler.IsOn);
        Assert.Equal(1, loop.Windows);
        AssertClose(TimeSpan.FromMilliseconds(1), loop.Span);
        Assert.Equal(1.0, loop.Duty, precision: 9);
    }

    [Fact]
    public void A_loop_that_never_switched_the_sampler_on_has_duty_one_by_convention()
    {
        var clock = new FakeClock { EndAt = TimeSpan.Zero };
        var loop = new SamplingWindowLoop(new SamplingWindowPlan(0.25, s_window, new Random(2)), clock, new FakeSampler(clock));
        Assert.Equal(1.0, loop.Duty);
        loop.Run();
        Assert.Equal(0, loop.Windows);
        Assert.Equal(1.0, loop.Duty);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void A_plan_needs_a_duty_strictly_between_0_and_1(double duty) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingWindowPlan(duty, s_window, new Random(0)));

    /// <summary>Equal but for the rounding of clock ticks to time (a microsecond at most over thousands of windows).</summary>
    private static void AssertClose(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual.TotalMilliseconds, expected.TotalMilliseconds - 0.001, expected.TotalMilliseconds + 0.001);

    /// <summary>A clock that moves only when waited on; the loop is told to end at <see cref="EndAt"/>.</summary>
    private sealed class FakeClock : IWindowClock
    {
        private TimeSpan _now;

        public TimeSpan EndAt { get; init; }

        public TimeSpan Elapsed => _now;

        public long Now => _now.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;

        public bool Wait(TimeSpan time)
        {
            if (time > TimeSpan.Zero)
            {
                _now = _now + time >= EndAt ? TimeSpan.FromTicks(Math.Max(_now.Ticks, EndAt.Ticks)) : _now + time;
            }

            return _now >= EndAt;
        }

        public void Pass(TimeSpan time) => _now += time;
    }

    /// <summary>Records the windows; switching may take time, and it may report its own on-time.</summary>
    private sealed class FakeSampler(FakeClock clock) : ISamplerSwitch
    {
        private TimeSpan _asked;
        private TimeSpan _on;
        private int _calls;

        public TimeSpan OnLatency { get; init; }

        public TimeSpan OffLatency { get; init; }

        public TimeSpan? Measured { get; init; }

        public int RefuseEvery { get; init; }

        public bool IsOn { get; private set; }

        public int Refused { get; private set; }

        public List<(TimeSpan Asked, TimeSpan On, TimeSpan Off)> Windows { get; } = [];

        public bool On()
        {
            Assert.False(IsOn);
            if (RefuseEvery > 0 && ++_calls % RefuseEvery == 0)
            {
                Refused++;
                return false;
            }

            _asked = clock.Elapsed;
            clock.Pass(OnLatency);
            _on = clock.Elapsed;
            IsOn = true;
            return true;
        }

        public TimeSpan? Off()
        {
            Assert.True(IsOn);
            Windows.Add((_asked, _on, clock.Elapsed));
            clock.Pass(OffLatency);
            IsOn = false;
            return Measured;
        }
    }
}
