namespace Edm.Profiling.EventPipe;

/// <summary>
/// Where each piece of JIT-compiled code lies and which IL offsets its native offsets come from, gathered
/// from the method events of a live session (<see cref="CompiledMethods"/>): each <c>MethodLoadVerbose</c> (or
/// rundown <c>MethodDCStopVerbose</c>) paired with the IL-to-native map the runtime sends beside it, on the
/// same thread, for the same method.
/// </summary>
/// <remarks>
/// One map per code version (tiering and on-stack replacement compile a method again, elsewhere), as
/// TraceEvent keeps when it converts a file, so lines read live are the same as from the file.
/// </remarks>
internal sealed class NativeCodeMaps
{
    private readonly List<Code> _codes = [];
    private readonly Dictionary<(long Thread, long Method), Code> _awaitingMap = [];
    private readonly Dictionary<(long Thread, long Method), Map> _awaitingCode = [];
    private bool _sorted = true;

    /// <summary>
    /// The IL offset the native code at <paramref name="address"/> was compiled from (the statement before
    /// when the address is exactly a boundary, as a sample's address is where an instruction completed), or -1.
    /// </summary>
    internal int IlOffset(ulong address)
    {
        if (!_sorted)
        {
            _codes.Sort((a, b) => a.Start.CompareTo(b.Start));
            _sorted = true;
        }

        // The last code starting at or before the address that still contains it.
        int found = SortedStarts.LastAtOrBefore(_codes, address, static c => c.Start);

        for (int i = found; i >= 0 && i > found - 4; i--)
        {
            Code code = _codes[i];
            if (address <= code.Start + (ulong)code.Size && code.Map is { } map)
            {
                return map.IlOffsetOf((int)(address - code.Start));
            }
        }

        return -1;
    }

    /// <summary>Method <paramref name="methodId"/>'s code, <paramref name="size"/> bytes at <paramref name="start"/>, compiled (or named by the rundown) on <paramref name="thread"/>.</summary>
    internal void Loaded(long thread, long methodId, ulong start, int size)
    {
        var code = new Code(start, size);
        _codes.Add(code);
        _sorted = false;
        var key = (thread, methodId);
        if (_awaitingCode.Remove(key, out Map? map))
        {
            code.Map = map;
        }
        else
        {
            _awaitingMap[key] = code;
        }
    }

    /// <summary>The IL-to-native map of method <paramref name="methodId"/>'s code sent on <paramref name="thread"/>: entry by entry, IL offset (negative: prologue, epilogue, none) and native offset.</summary>
    internal void Mapped(long thread, long methodId, ReadOnlySpan<int> ilOffsets, ReadOnlySpan<int> nativeOffsets)
    {
        var map = Map.From(ilOffsets, nativeOffsets);
        var key = (thread, methodId);
        if (_awaitingMap.Remove(key, out Code? code))
        {
            code.Map = map;
        }
        else
        {
            _awaitingCode[key] = map;
        }
    }

    private sealed class Code(ulong start, int size)
    {
        internal ulong Start { get; } = start;

        internal int Size { get; } = size;

        internal Map? Map { get; set; }
    }

    /// <summary>Native offsets (ascending) and the IL offset each starts; prologue and epilogue entries left out.</summary>
    private sealed class Map(int[] native, int[] il)
    {
        internal static Map From(ReadOnlySpan<int> ilOffsets, ReadOnlySpan<int> nativeOffsets)
        {
            var entries = new List<(int Native, int Il)>(ilOffsets.Length);
            for (int i = 0; i < ilOffsets.Length && i < nativeOffsets.Length; i++)
            {
                if (ilOffsets[i] >= 0)
                {
                    entries.Add((nativeOffsets[i], ilOffsets[i]));
                }
            }

            entries.Sort((a, b) => a.Native.CompareTo(b.Native));
            return new Map([.. entries.Select(e => e.Native)], [.. entries.Select(e => e.Il)]);
        }

        /// <summary>
        /// The IL offset of native offset <paramref name="offset"/>: that of the last entry at or before it, moved
        /// towards the next entry in proportion when IL offsets rise there, then one back (TraceEvent's rule for
        /// converted files, so both give the same lines).
        /// </summary>
        internal int IlOffsetOf(int offset)
        {
            int index = Array.BinarySearch(native, offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            if (index < 0)
            {
                return -1;
            }

            int result = il[index];
            int past = offset - native[index];
            if (index + 1 < native.Length && past != 0)
            {
                int ilStep = il[index + 1] - il[index];
                if (ilStep <= 0)
                {
                    return result;
                }

                result += (int)((double)past / (native[index + 1] - native[index]) * ilStep + 0.5);
            }

            return result > 0 ? result - 1 : result;
        }
    }
}
