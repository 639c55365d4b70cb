using System.Globalization;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Which file a native code address of a process lies in, from the process's memory map
/// (<c>/proc/PID/maps</c> on Linux). EventPipe reports no native module loads, so a sample that stops in
/// the runtime (an allocation helper, the GC, a wait) or in libc would otherwise be named only
/// "<c>[native code] unknown module</c>"; with the map it says <c>libcoreclr.so</c>, <c>libclrgc.so</c>,
/// <c>libc.so.6</c> or <c>[vdso]</c> (the clock reads). Code in anonymous memory (the runtime's stubs)
/// stays unknown. A managed assembly's precompiled (ReadyToRun) code is mapped from its file too:
/// <see cref="FileAt"/> gives the file and the offset in it, which <see cref="PrecompiledMethods"/> names.
/// </summary>
internal sealed class NativeModuleMap
{
    private readonly ulong[] _starts;
    private readonly ulong[] _ends;
    private readonly string[] _paths;
    private readonly ulong[] _offsets;

    private NativeModuleMap(List<Mapping> mappings)
    {
        // A list of a class and plain loops: read at the program's exit, where each generic instantiation over a
        // value type (a tuple list, its sort, LINQ over it) would be compiled first.
        mappings.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        _starts = new ulong[mappings.Count];
        _ends = new ulong[mappings.Count];
        _paths = new string[mappings.Count];
        _offsets = new ulong[mappings.Count];
        for (int i = 0; i < mappings.Count; i++)
        {
            _starts[i] = mappings[i].Start;
            _ends[i] = mappings[i].End;
            _paths[i] = mappings[i].Path;
            _offsets[i] = mappings[i].Offset;
        }
    }

    /// <summary>The map of process <paramref name="processId"/> now, or null where there is none to read (not Linux, the process gone, no permission).</summary>
    internal static NativeModuleMap? OfProcess(int processId) => ReadText(processId) is { } maps ? Parse(maps) : null;

    /// <summary>The text of the map of process <paramref name="processId"/> now (empty for an exited process not yet reaped), or null where there is none to read.</summary>
    internal static string? ReadText(int processId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/maps"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the lines of a <c>maps</c> file (<c>start-end perms offset dev inode [path]</c>, addresses and
    /// offsets in hex); mappings of a file or a named region (<c>[vdso]</c>) are kept, anonymous ones and
    /// lines that do not parse are skipped.
    /// </summary>
    internal static NativeModuleMap Parse(string maps)
    {
        var ranges = new List<Mapping>();
        foreach (string line in maps.Split('\n'))
        {
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[5].Trim() is not { Length: > 0 } path)
            {
                continue;
            }

            int dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0
                || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
                || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
                || end <= start
                || !ulong.TryParse(fields[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong offset))
            {
                continue;
            }

            ranges.Add(new Mapping(start, end, path.Replace(" (deleted)", "", StringComparison.Ordinal), offset));
        }

        return new NativeModuleMap(ranges);
    }

    /// <summary>The name of the file (or named region) <paramref name="address"/> lies in, or null.</summary>
    internal string? NameOf(ulong address) =>
        IndexOf(address) is int index ? (_paths[index].StartsWith('/') ? Path.GetFileName(_paths[index]) : _paths[index]) : null;

    /// <summary>The full path of the file mapped at <paramref name="address"/> and the offset in it the address reads, or null (anonymous memory, a named region).</summary>
    internal (string Path, long Offset)? FileAt(ulong address) =>
        IndexOf(address) is int index && _paths[index].StartsWith('/')
            ? (_paths[index], (long)(_offsets[index] + (address - _starts[index])))
            : null;

    private int? IndexOf(ulong address)
    {
        int index = Array.BinarySearch(_starts, address);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return index >= 0 && address < _ends[index] ? index : null;
    }

    /// <summary>One line of the map: the addresses, the file (or region) and the offset in it the start reads.</summary>
    private sealed record Mapping(ulong Start, ulong End, string Path, ulong Offset);
}
