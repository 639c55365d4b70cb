namespace Edm.Profiling;

/// <summary>
/// The logical call flow of async code: the innermost profiled async call, carried by the
/// execution context across awaits. Read only when a thread's probe stack is empty, which is
/// where an async continuation resumes, and only after the first async probe ran.
/// </summary>
internal static class AsyncFlow
{
    private static readonly AsyncLocal<PendingCall?> s_current = new();
    private static bool s_used;

    internal static PendingCall? Current => s_used ? s_current.Value : null;

    /// <summary>Whether any async probe has run: until then no logical parent can exist.</summary>
    internal static bool InUse => s_used;

    internal static PendingCall? Swap(PendingCall? value)
    {
        s_used = true;
        PendingCall? previous = s_current.Value;
        s_current.Value = value;
        return previous;
    }

    internal static void Restore(PendingCall? value)
    {
        if (!ReferenceEquals(s_current.Value, value))
        {
            s_current.Value = value;
        }
    }

    /// <summary>
    /// Clears the in-use flag after the calibration's async loop, when no async probe of the program had
    /// run: root-level calls then skip reading the logical flow again. An async probe of another thread
    /// racing with this sets the flag again on its next call.
    /// </summary>
    internal static void ForgetUse() => s_used = false;
}
