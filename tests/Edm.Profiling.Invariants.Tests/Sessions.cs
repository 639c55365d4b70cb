using Edm.Profiling.Invariants.Tests.Programs;

namespace Edm.Profiling.Invariants.Tests;

/// <summary>Runs a random program in a session of its own, on a manual clock.</summary>
internal static class Sessions
{
    /// <summary>Programs per property: enough to find the cases below in a run of a few seconds.</summary>
    internal const int Iterations = 150;

    internal static (SessionReport Report, CallRecord Root) Run(Program program)
    {
        using ManualClock clock = ManualClock.Install();
        using ProfilingSession session = Profiler.StartSession("invariants", new SessionOptions { RecordTimeline = program.Timeline });
        var interpreter = new Interpreter(clock);
        interpreter.Run(program);
        return (session.Stop(), interpreter.Root);
    }

    /// <summary>
    /// Runs the program in a rolling session cut into an interval at every other step of the clock, so calls
    /// are in flight at most cuts; returns the whole session and the interval sessions, kept in memory.
    /// </summary>
    internal static (SessionReport Whole, List<SessionReport> Intervals) RunRolling(Program program)
    {
        using ManualClock clock = ManualClock.Install();
        var intervals = new List<SessionReport>();
        using IDisposable writer = RollingSessionWriter.OverrideWriter((report, _) => intervals.Add(report));
        var options = new SessionOptions { FlushInterval = TimeSpan.FromHours(1), IntervalOutput = "unused.json", AdaptiveTiming = false };
        using ProfilingSession session = Profiler.StartSession("invariants-rolling", options);
        int steps = 0;
        clock.BeforeAdvance = () =>
        {
            if (++steps % 2 == 0)
            {
                session.Rolling!.Flush(last: false);
            }
        };
        new Interpreter(clock).Run(program);
        clock.BeforeAdvance = null;
        return (session.Stop(), intervals);
    }
}
