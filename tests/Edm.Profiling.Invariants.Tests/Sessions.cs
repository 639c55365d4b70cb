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
}
