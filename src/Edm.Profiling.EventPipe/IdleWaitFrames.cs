namespace Edm.Profiling.EventPipe;

/// <summary>
/// The thread pool's idle wait: a worker with no work spins a while (<c>LowLevelSpinWaiter.Wait</c>, in
/// managed code) before it blocks on its semaphore. The sampler reports the spinning as running managed
/// code, so an idle pool filled <c>(outside probes)</c> with "running" samples (99% of them on edm
/// evaluate). The worker is waiting for work either way: such samples count as waiting.
/// </summary>
internal static class IdleWaitFrames
{
    /// <summary>The pool's semaphore wait, which spins before it blocks.</summary>
    private const string SemaphoreWait = "System.Threading.LowLevelLifoSemaphore.Wait(";

    /// <summary>What the semaphore's wait runs while it spins.</summary>
    private static readonly string[] s_spinning =
    [
        "System.Threading.LowLevelSpinWaiter.",
        "System.Threading.Thread.SpinWait",
        "System.Threading.Thread.Yield(",
        "System.Threading.Thread.Sleep",
        "System.Threading.Thread.UninterruptibleSleep0(",
        GcPollFrames.NativeCode,
    ];

    /// <summary>
    /// Whether a stack (outermost first) stopped in the thread pool's idle wait: its innermost frame is the
    /// semaphore's wait, or what that wait spins in, and nothing else.
    /// </summary>
    internal static bool IsIdle(IReadOnlyList<string> outermostFirst)
    {
        for (int i = outermostFirst.Count - 1; i >= 0; i--)
        {
            string name = outermostFirst[i];
            if (name.StartsWith(SemaphoreWait, StringComparison.Ordinal))
            {
                return true; // spinning inside the wait, or in the wait itself (optimised code inlines the spinner into it)
            }

            if (!s_spinning.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return false;
    }
}
