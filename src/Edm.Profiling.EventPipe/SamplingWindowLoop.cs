using System.Diagnostics;

namespace Edm.Profiling.EventPipe;

/// <summary>The clock a <see cref="SamplingWindowLoop"/> runs by (a fake one in tests).</summary>
internal interface IWindowClock
{
    /// <summary>The time now, in <see cref="Stopwatch"/> ticks.</summary>
    long Now { get; }

    /// <summary>Waits <paramref name="time"/> (nothing when not positive); true when the loop was told to end meanwhile.</summary>
    bool Wait(TimeSpan time);
}

/// <summary>What a <see cref="SamplingWindowLoop"/> switches on and off: the runtime's stack sampler.</summary>
internal interface ISamplerSwitch
{
    /// <summary>Switches the sampler on (returns once it is on); false when it could not, this time (the window is skipped).</summary>
    bool On();

    /// <summary>
    /// Switches it off (returns once it is off and the window's samples are read); returns how long it was
    /// on in the window, as its samples tell, or null when they cannot tell.
    /// </summary>
    TimeSpan? Off();
}

/// <summary>
/// Switches a sampler on and off as a <see cref="SamplingWindowPlan"/> says until told to end, and
/// measures what it did: the windows, and the time the sampler was on over the time the loop ran, which
/// is the <see cref="Duty"/> the samples are weighted by. The planned duty is what it aims at; switching
/// takes time, so the measured one is what the session records.
/// </summary>
/// <remarks>
/// A gap is timed from the moment the loop asks the sampler to stop: switching it off (tens of milliseconds
/// on a loaded machine, the runtime ending the window's stream) then counts as part of the gap rather than
/// lengthening every gap by it. A window's on-time is what the sampler says (<see cref="ISamplerSwitch.Off"/>),
/// or else the time from the return of the call that switched it on to the call that switches it off.
/// </remarks>
internal sealed class SamplingWindowLoop(SamplingWindowPlan plan, IWindowClock clock, ISamplerSwitch sampler)
{
    private TimeSpan _on;
    private long _spanTicks;

    /// <summary>Windows the sampler was on in.</summary>
    internal int Windows { get; private set; }

    /// <summary>Windows skipped because the sampler could not be switched on.</summary>
    internal int Skipped { get; private set; }

    /// <summary>Time spent in the calls that switch the sampler on and off, all windows (switching's latency, not its cost to the program).</summary>
    internal TimeSpan Switching { get; private set; }

    /// <summary>The time the loop ran.</summary>
    internal TimeSpan Span => Stopwatch.GetElapsedTime(0, _spanTicks);

    /// <summary>The time the sampler was on, all windows.</summary>
    internal TimeSpan On => _on;

    /// <summary>The share of the loop's time the sampler was on (1 before the loop has run).</summary>
    internal double Duty => _spanTicks > 0 && _on > TimeSpan.Zero ? Math.Min(1, _on / Span) : 1;

    /// <summary>Runs until <see cref="IWindowClock.Wait"/> says to end; the sampler is off when it returns.</summary>
    internal void Run()
    {
        long start = clock.Now;
        try
        {
            (bool startOn, TimeSpan length) = plan.First();
            long stopAsked = 0;
            bool ended = startOn ? Window(length, out stopAsked) || Gap(stopAsked) : clock.Wait(length);
            while (!ended)
            {
                ended = Window(plan.Window, out stopAsked) || Gap(stopAsked);
            }
        }
        finally
        {
            _spanTicks = clock.Now - start;
        }
    }

    /// <summary>The gap after a window, timed from when its stop was asked; true when the loop was told to end during it.</summary>
    private bool Gap(long stopAsked) => clock.Wait(plan.NextGap() - Stopwatch.GetElapsedTime(stopAsked, clock.Now));

    /// <summary>One window of <paramref name="length"/> (a wait as long when the sampler would not switch on); true when the loop was told to end during it.</summary>
    private bool Window(TimeSpan length, out long stopAsked)
    {
        long switching = clock.Now;
        if (!sampler.On())
        {
            Skipped++;
            bool endedMeanwhile = clock.Wait(length);
            stopAsked = clock.Now;
            return endedMeanwhile;
        }

        long on = clock.Now;
        Windows++;
        bool ended = false;
        try
        {
            ended = clock.Wait(length);
        }
        finally
        {
            stopAsked = clock.Now;
            TimeSpan? sampled = sampler.Off();
            long off = clock.Now;
            _on += sampled ?? Stopwatch.GetElapsedTime(on, stopAsked);
            Switching += Stopwatch.GetElapsedTime(switching, on) + Stopwatch.GetElapsedTime(stopAsked, off);
        }

        return ended;
    }
}
