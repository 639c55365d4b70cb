using System.Runtime.InteropServices;
#if NET
using Microsoft.Win32.SafeHandles;
#endif

namespace Edm.Profiling;

/// <summary>I/O counters at one instant. Figures the platform does not offer are -1.</summary>
internal readonly record struct IoSnapshot(
    long ReadBytes,
    long WriteBytes,
    long ReadCalls,
    long WriteCalls,
    long StorageReadBytes,
    long StorageWriteBytes)
{
    internal static readonly IoSnapshot Absent = new(-1, -1, -1, -1, -1, -1);

    internal bool IsAvailable => ReadBytes >= 0 || ReadCalls >= 0 || StorageReadBytes >= 0;
}

/// <summary>
/// Reads I/O counters: <c>/proc/self/io</c> (process) and <c>/proc/thread-self/io</c> (thread) on
/// Linux, <c>GetProcessIoCounters</c> on Windows (process only). The thread reader keeps its file
/// open in a thread-static handle and parses into a stack buffer, so a scope's reads allocate nothing
/// after the thread's first.
/// </summary>
internal static partial class IoCounters
{
#if NET
    [ThreadStatic]
    private static SafeFileHandle? t_threadFile;
#endif

    [ThreadStatic]
    private static bool t_threadFileFailed;

    internal static string Source =>
        OperatingSystem.IsLinux() ? "/proc/self/io" :
        OperatingSystem.IsWindows() ? "GetProcessIoCounters" : "unavailable";

    /// <summary>Counters of the whole process.</summary>
    internal static IoSnapshot ReadProcess()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
#if NET
                using SafeFileHandle file = File.OpenHandle("/proc/self/io");
                return ReadProc(file);
#else
                return ReadProcFile("/proc/self/io");
#endif
            }

            if (OperatingSystem.IsWindows() && GetProcessIoCounters(System.Diagnostics.Process.GetCurrentProcess().Handle, out IoCountersNative c))
            {
                return new IoSnapshot((long)c.ReadTransferCount, (long)c.WriteTransferCount, (long)c.ReadOperationCount, (long)c.WriteOperationCount, -1, -1);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Absent, not an error: the session says which figures it could not read.
        }

        return IoSnapshot.Absent;
    }

    /// <summary>Counters of the current thread where the platform keeps them (Linux), else absent.</summary>
    internal static IoSnapshot ReadThread()
    {
        if (!OperatingSystem.IsLinux() || t_threadFileFailed)
        {
            return IoSnapshot.Absent;
        }

        try
        {
#if NET
            t_threadFile ??= File.OpenHandle("/proc/thread-self/io");
            return ReadProc(t_threadFile);
#else
            return ReadProcFile("/proc/thread-self/io");
#endif
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            t_threadFileFailed = true;
            return IoSnapshot.Absent;
        }
    }

#if NET
    private static IoSnapshot ReadProc(SafeFileHandle file)
    {
        Span<byte> buffer = stackalloc byte[512];
        int length = RandomAccess.Read(file, buffer, 0);
        return Parse(buffer[..length]);
    }
#else
    // netstandard2.0 has no handle-based reads: the file is opened for each read (a small allocation).
    private static IoSnapshot ReadProcFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        byte[] buffer = new byte[512];
        int length = stream.Read(buffer, 0, buffer.Length);
        return Parse(buffer.AsSpan(0, length));
    }
#endif

    /// <summary>Parses the <c>key: value</c> lines of a procfs io file.</summary>
    internal static IoSnapshot Parse(ReadOnlySpan<byte> text)
    {
        long rchar = -1, wchar = -1, syscr = -1, syscw = -1, readBytes = -1, writeBytes = -1;
        while (!text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            int colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            ReadOnlySpan<byte> key = line[..colon];
            long value = ParseNumber(line[(colon + 1)..]);
            if (key.SequenceEqual("rchar"u8)) { rchar = value; }
            else if (key.SequenceEqual("wchar"u8)) { wchar = value; }
            else if (key.SequenceEqual("syscr"u8)) { syscr = value; }
            else if (key.SequenceEqual("syscw"u8)) { syscw = value; }
            else if (key.SequenceEqual("read_bytes"u8)) { readBytes = value; }
            else if (key.SequenceEqual("write_bytes"u8)) { writeBytes = value; }
        }

        return new IoSnapshot(rchar, wchar, syscr, syscw, readBytes, writeBytes);
    }

    private static long ParseNumber(ReadOnlySpan<byte> digits)
    {
        long value = 0;
        bool any = false;
        foreach (byte b in digits)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                value = (value * 10) + (b - '0');
                any = true;
            }
        }

        return any ? value : -1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoCountersNative
    {
        public ulong ReadOperationCount;
        public ulong WriteOperationCount;
        public ulong OtherOperationCount;
        public ulong ReadTransferCount;
        public ulong WriteTransferCount;
        public ulong OtherTransferCount;
    }

#if NET
    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetProcessIoCounters(nint process, out IoCountersNative counters);
#else
    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetProcessIoCounters(nint process, out IoCountersNative counters);
#endif
}
