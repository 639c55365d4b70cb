namespace Edm.Profiling.EventPipe;

/// <summary>
/// The runtime's GC poll: where a thread running managed code parks when the runtime suspends threads
/// (<c>Thread.PollGC</c>, and its <c>PollGCWorker</c> that waits for the suspension to end). The sampler
/// suspends the runtime to walk the stacks, so a thread busy in a loop is caught there on a large share
/// of its samples (issue 15: 76% of STFT.Compute's running samples named <c>PollGCWorker</c>), as it is
/// during a GC. Either way the work was the caller's: such frames are cut from the top of a stack, so
/// the sample is charged to the method that polled, in the state the runtime reported.
/// </summary>
internal static class GcPollFrames
{
    private const string Prefix = "System.Threading.Thread.";

    /// <summary>Whether <paramref name="name"/> is the GC poll or its worker (<c>Thread.PollGC()</c>, <c>Thread.&lt;PollGC&gt;g__PollGCWorker|67_0()</c>).</summary>
    internal static bool IsPoll(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal)
        && (name.AsSpan(Prefix.Length).StartsWith("PollGC(", StringComparison.Ordinal)
            || name.AsSpan(Prefix.Length).StartsWith("<PollGC>", StringComparison.Ordinal));

    /// <summary>
    /// How many frames of a stack (outermost first) to keep: all but the GC-poll frames on its top, and
    /// any native frames above them (the runtime's own wait), and below them a probe's own clock read
    /// called from a generated probe frame.
    /// </summary>
    internal static int KeptLength(IReadOnlyList<string> outermostFirst)
    {
        int kept = outermostFirst.Count;
        while (kept > 0 && outermostFirst[kept - 1].StartsWith(NativeCode, StringComparison.Ordinal))
        {
            kept--;
        }

        if (kept == 0 || !IsPoll(outermostFirst[kept - 1]))
        {
            return outermostFirst.Count; // not stopped at a poll: native frames on top are the program's own
        }

        while (kept > 0 && IsPoll(outermostFirst[kept - 1]))
        {
            kept--;
        }

        // The probe's own exit clock read (Stopwatch.GetTimestamp's P/Invoke, which the JIT does not inline
        // in the probe's finally), called from a generated probe frame: the poll on the way back from the
        // P/Invoke is where the sampler catches the thread, not where its time went (on edm evaluate it
        // drew 28-65% of TransformFrame's running samples, for a read of 29 ns in calls of 138 µs). The work
        // was the probed method's, as for any other poll.
        int clock = kept;
        while (clock > 0 && IsClockRead(outermostFirst[clock - 1]))
        {
            clock--;
        }

        return clock < kept && clock > 0 && ProbeFrameMatcher.IsGenerated(outermostFirst[clock - 1]) ? clock : kept;
    }

    /// <summary>Whether <paramref name="name"/> is the timestamp read a probe makes (<c>Stopwatch.GetTimestamp</c> or the P/Invoke under it).</summary>
    internal static bool IsClockRead(string name) =>
        name.StartsWith("Interop+Sys.GetTimestamp(", StringComparison.Ordinal)
        || name.StartsWith("System.Diagnostics.Stopwatch.GetTimestamp(", StringComparison.Ordinal);

    /// <summary>How <see cref="TraceFrames"/> names a frame the runtime cannot name.</summary>
    internal const string NativeCode = "[native code]";
}
