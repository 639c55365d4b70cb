namespace Edm.Profiling.EventPipe;

/// <summary>
/// Where the runtime's stack sampler is switched on when it samples in windows: windows of a fixed
/// length (<see cref="Window"/>) with random gaps between them, so that on average it is on
/// <see cref="Duty"/> of the time and every instant of the program has the same chance,
/// <see cref="Duty"/>, of falling inside a window. A sample then stands for interval ÷ duty of its
/// thread, the same weight for all, and sampled times stay unbiased estimates.
/// </summary>
/// <remarks>
/// <para>
/// The gaps are drawn from an exponential distribution of mean <c>window × (1 − duty) ÷ duty</c>: random
/// placement keeps the windows from locking into a periodic phase of the program (a loop whose period is
/// the windows' would otherwise be sampled always at the same step). Being memoryless, it also makes a
/// fair start easy (<see cref="First"/>): the plan starts as if it had been running forever, inside a
/// window with probability <see cref="Duty"/> (its remaining length uniform) or inside a gap (its
/// remaining length exponential again).
/// </para>
/// <para>
/// There is no full-duty start: sampling the first moments continuously and the rest in windows would
/// give the start-up samples another weight than the others, which one duty in the session cannot say. A
/// program shorter than a few windows gets few samples; set the duty to 1 for such sessions.
/// </para>
/// </remarks>
internal sealed class SamplingWindowPlan
{
    private readonly Random _random;

    /// <summary>A plan of windows <paramref name="window"/> long, on <paramref name="duty"/> of the time.</summary>
    /// <param name="duty">Share of the time the sampler is on, above 0 and below 1.</param>
    /// <param name="window">How long each window lasts, above zero.</param>
    /// <param name="random">The source of the gaps (seeded in tests).</param>
    internal SamplingWindowPlan(double duty, TimeSpan window, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duty, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(duty, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Duty = duty;
        Window = window;
        MeanGap = window * ((1 - duty) / duty);
        _random = random;
    }

    /// <summary>The share of the time the sampler is meant to be on.</summary>
    internal double Duty { get; }

    /// <summary>The length of a window.</summary>
    internal TimeSpan Window { get; }

    /// <summary>The mean gap between two windows.</summary>
    internal TimeSpan MeanGap { get; }

    /// <summary>
    /// Where the plan starts: inside a window (<c>On</c>, for what remains of it) with probability
    /// <see cref="Duty"/>, else inside a gap (for what remains of it).
    /// </summary>
    internal (bool On, TimeSpan Length) First() =>
        _random.NextDouble() < Duty ? (true, Window * (1 - _random.NextDouble())) : (false, NextGap());

    /// <summary>The next gap: exponential, of mean <see cref="MeanGap"/>.</summary>
    internal TimeSpan NextGap() => MeanGap * -Math.Log(1 - _random.NextDouble());
}
