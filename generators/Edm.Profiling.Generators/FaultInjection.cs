using System;
using System.Threading;

namespace Edm.Profiling.Generators;

/// <summary>
/// Lets tests make a generator stage throw, to prove that a fault is reported (EDM012) and leaves
/// the calls as written. Null, and so inert, outside those tests.
/// </summary>
internal static class FaultInjection
{
    private static Func<string, string, bool>? s_hook;

    /// <summary>Set by tests: given a stage and its subject (a file path or a generated file's name), whether to throw.</summary>
    internal static Func<string, string, bool>? Hook
    {
        get => Volatile.Read(ref s_hook);
        set => Volatile.Write(ref s_hook, value);
    }

    /// <summary>Throws when the test hook asks for a fault at <paramref name="stage"/> on <paramref name="subject"/>.</summary>
    public static void At(string stage, string? subject)
    {
        if (Hook is { } hook && hook(stage, subject ?? string.Empty))
        {
            throw new InvalidOperationException($"Fault injected by a test: {stage}, {subject}.");
        }
    }
}
