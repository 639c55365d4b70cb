using System.Runtime.InteropServices;

namespace Edm.Profiling;

/// <summary>
/// CPU time of the current thread, in nanoseconds. A real system call (about 1.5 µs on Linux VMs),
/// so probes read it on one call in N only. Returns -1 where the platform offers no such clock.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int LinuxThreadCpuClock = 3;  // CLOCK_THREAD_CPUTIME_ID on Linux
    private const int MacThreadCpuClock = 16;   // CLOCK_THREAD_CPUTIME_ID on macOS

    private static readonly int s_clockId =
        OperatingSystem.IsLinux() ? LinuxThreadCpuClock :
        OperatingSystem.IsMacOS() ? MacThreadCpuClock : -1;

    private static bool s_broken;

    internal static bool IsAvailable => !s_broken && (s_clockId >= 0 || OperatingSystem.IsWindows());

    internal static long NowNs()
    {
        if (s_broken)
        {
            return -1;
        }

        try
        {
            if (s_clockId >= 0)
            {
                return clock_gettime(s_clockId, out TimeSpec ts) == 0 ? (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds : -1;
            }

            if (OperatingSystem.IsWindows()
                && GetThreadTimes(GetCurrentThread(), out _, out _, out long kernel, out long user))
            {
                return (kernel + user) * 100; // FILETIME units are 100 ns
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            s_broken = true;
        }

        return -1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

#if NET
    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
#else
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#endif

#if NET
    [LibraryImport("kernel32.dll")]
    private static partial nint GetCurrentThread();
#else
    [DllImport("kernel32.dll")]
    private static extern nint GetCurrentThread();
#endif

#if NET
    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetThreadTimes(nint thread, out long creation, out long exit, out long kernel, out long user);
#else
    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetThreadTimes(nint thread, out long creation, out long exit, out long kernel, out long user);
#endif
}
