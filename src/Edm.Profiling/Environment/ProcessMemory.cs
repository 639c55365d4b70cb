#if NET
using Microsoft.Win32.SafeHandles;
#endif

namespace Edm.Profiling;

/// <summary>
/// The process's memory as Detailed scopes (<see cref="HeapDeltaStatistics"/>) and the <c>gc</c> backend's
/// heap series read it: the managed heap and the working set, both cheap enough to read per scope.
/// </summary>
public static class ProcessMemory
{
#if NET
    // Kept open: procfs regenerates the file on each read at offset 0, so a reading is one pread.
    private static SafeFileHandle? s_statm;
#endif
    private static bool s_statmFailed;

    /// <summary>
    /// Bytes the managed heap holds now, all generations: <see cref="GC.GetTotalMemory(bool)"/> without
    /// forcing a collection (about 40 ns; objects dead since the last collection still count).
    /// </summary>
    public static long ManagedHeapBytes() => GC.GetTotalMemory(false);

    /// <summary>
    /// The process's working set (resident memory) from the OS: <c>/proc/self/statm</c> on Linux (one
    /// read of a file kept open, no allocation; a system call, about 2 µs), <see cref="Environment.WorkingSet"/> elsewhere; -1 when
    /// it cannot be read.
    /// </summary>
    public static long WorkingSetBytes()
    {
        if (OperatingSystem.IsLinux() && !s_statmFailed)
        {
            try
            {
                return ReadStatm();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                s_statmFailed = true;
            }
        }

        try
        {
            return Environment.WorkingSet;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException)
        {
            return -1;
        }
    }

    /// <summary>Resident pages (the second field of <c>statm</c>) times the page size.</summary>
    private static long ReadStatm()
    {
#if NET
        SafeFileHandle? file = Volatile.Read(ref s_statm);
        if (file is null)
        {
            SafeFileHandle opened = File.OpenHandle("/proc/self/statm");
            file = Interlocked.CompareExchange(ref s_statm, opened, null) ?? opened;
            if (!ReferenceEquals(file, opened))
            {
                opened.Dispose(); // another thread opened it first
            }
        }

        Span<byte> buffer = stackalloc byte[128];
        int length = RandomAccess.Read(file, buffer, 0);
        ReadOnlySpan<byte> text = buffer[..length];
#else
        byte[] bytes = File.ReadAllBytes("/proc/self/statm");
        ReadOnlySpan<byte> text = bytes;
#endif
        return ResidentPages(text) * Environment.SystemPageSize;
    }

    /// <summary>The second number of a <c>statm</c> line (<c>size resident shared text lib data dt</c>).</summary>
    internal static long ResidentPages(ReadOnlySpan<byte> statm)
    {
        int space = statm.IndexOf((byte)' ');
        if (space < 0)
        {
            throw new FormatException("statm has a single field");
        }

        long pages = 0;
        bool any = false;
        foreach (byte b in statm[(space + 1)..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            pages = (pages * 10) + (b - '0');
            any = true;
        }

        return any ? pages : throw new FormatException("statm has no resident page count");
    }
}
