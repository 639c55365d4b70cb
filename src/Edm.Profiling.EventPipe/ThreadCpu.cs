using System.Globalization;

namespace Edm.Profiling.EventPipe;

/// <summary>The CPU time the calling thread has used, where the OS tells it (Linux: <c>/proc/thread-self/stat</c>).</summary>
internal static class ThreadCpu
{
    /// <summary>The kernel's clock ticks per second for these figures (USER_HZ, 100 on Linux).</summary>
    private const int TicksPerSecond = 100;

    /// <summary>User and system CPU time of the calling thread in milliseconds, or -1 where it cannot be read.</summary>
    internal static long OfCurrentThreadMilliseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        try
        {
            // pid (comm) state …: utime and stime are the 12th and 13th fields after the command's closing parenthesis.
            string stat = File.ReadAllText("/proc/thread-self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * 1000 / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return -1;
        }
    }
}
