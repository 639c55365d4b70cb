using System.Runtime.CompilerServices;

namespace Edm.Profiling.StressProgram;

/// <summary>
/// The probed methods. Each type gets its own generated interceptor class, whose static
/// initialiser registers its probe and so may be the one that starts the process session: threads
/// calling different types at start-up race to start it. Every body counts its call first.
/// </summary>
internal static class Counts
{
    internal static readonly string[] Names =
    [
        "Edm.Profiling.StressProgram.T0.Hit()", "Edm.Profiling.StressProgram.T1.Hit()",
        "Edm.Profiling.StressProgram.T2.Hit()", "Edm.Profiling.StressProgram.T3.Hit()",
        "Edm.Profiling.StressProgram.T4.Hit()", "Edm.Profiling.StressProgram.T5.Hit()",
        "Edm.Profiling.StressProgram.T6.Hit()", "Edm.Profiling.StressProgram.T7.Hit()",
        "Edm.Profiling.StressProgram.Later.StepAsync()",
    ];

    internal static readonly long[] Calls = new long[Names.Length * 8];

    // One counter per cache line, so the counting does not serialise the threads more than the probes do.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Count(int index) => Interlocked.Increment(ref Calls[index * 8]);

    internal static long Read(int index) => Interlocked.Read(ref Calls[index * 8]);

    /// <summary>Calls the probed method of type <paramref name="index"/> (0–7).</summary>
    internal static void Hit(int index)
    {
        switch (index & 7)
        {
            case 0: T0.Hit(); break;
            case 1: T1.Hit(); break;
            case 2: T2.Hit(); break;
            case 3: T3.Hit(); break;
            case 4: T4.Hit(); break;
            case 5: T5.Hit(); break;
            case 6: T6.Hit(); break;
            default: T7.Hit(); break;
        }
    }
}

[Profile] internal static class T0 { internal static void Hit() => Counts.Count(0); }
[Profile] internal static class T1 { internal static void Hit() => Counts.Count(1); }
[Profile] internal static class T2 { internal static void Hit() => Counts.Count(2); }
[Profile] internal static class T3 { internal static void Hit() => Counts.Count(3); }
[Profile] internal static class T4 { internal static void Hit() => Counts.Count(4); }
[Profile] internal static class T5 { internal static void Hit() => Counts.Count(5); }
[Profile] internal static class T6 { internal static void Hit() => Counts.Count(6); }
[Profile] internal static class T7 { internal static void Hit() => Counts.Count(7); }

[Profile]
internal static class Later
{
    /// <summary>An async call whose continuation runs on the thread pool.</summary>
    internal static async Task StepAsync()
    {
        Counts.Count(8);
        await Task.Yield();
        T0.Hit();
    }
}
