namespace Edm.Profiling.Tool.Tests;

/// <summary>
/// Sessions recorded in the test process with the runtime: a scope called a chosen number of times,
/// so call counts (a deterministic gate of the comparison) are known exactly.
/// </summary>
internal static class RecordedSessions
{
    internal const string Step = "ToolTests.step";
    internal const string Inner = "ToolTests.inner";

    /// <summary>Sessions do not overlap in a process, and test classes run in parallel.</summary>
    private static readonly Lock Gate = new();

    /// <summary>Records <paramref name="calls"/> calls of <see cref="Step"/>, each calling <see cref="Inner"/> once.</summary>
    internal static SessionReport Record(string name, int calls, bool timeline = false)
    {
        lock (Gate)
        {
            ProfilingSession session = Profiler.StartSession(name, new SessionOptions { SampleReservoirSize = 1000, RecordTimeline = timeline });
            for (int i = 0; i < calls; i++)
            {
                using (Profiler.Scope(Step))
                {
                    using (Profiler.Scope(Inner))
                    {
                        Thread.SpinWait(50);
                    }
                }
            }

            return session.Stop();
        }
    }

    /// <summary>Records a session and writes it to <paramref name="path"/>, as run at <paramref name="commit"/> when given.</summary>
    internal static string Write(string path, string name, int calls, bool timeline = false, string? commit = null)
    {
        SessionReport session = Record(name, calls, timeline);
        if (commit is not null)
        {
            session = session with { Environment = session.Environment with { Commit = commit } };
        }

        SessionJson.WriteFile(session, path);
        return path;
    }
}
