using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Where each piece of JIT-compiled code lies and which IL offsets its native offsets come from, gathered
/// from the method events of a live session: each <c>MethodLoadVerbose</c> (or rundown <c>MethodDCStopVerbose</c>)
/// paired with the IL-to-native map the runtime sends beside it, on the same thread, for the same method.
/// </summary>
/// <remarks>
/// TraceEvent's real-time <see cref="TraceLog"/> names a code address as soon as it is seen, from the
/// method's range only, and keeps no map for it, so its lines come out wrong (the statement before, on
/// code compiled again by tiering or on-stack replacement). Converting a file names addresses at the
/// rundown with each code version's own map; this keeps one map per code version, so lines read live
/// are the same.
/// </remarks>
internal sealed class NativeCodeMaps
{
    private readonly List<Code> _codes = [];
    private readonly Dictionary<(int Thread, long Method), Code> _awaitingMap = [];
    private readonly Dictionary<(int Thread, long Method), Map> _awaitingCode = [];
    private bool _sorted = true;

    /// <summary>Listens to the method events <paramref name="source"/> will deliver.</summary>
    internal void Attach(TraceLogEventSource source)
    {
        source.Clr.MethodLoadVerbose += Loaded;
        source.Clr.MethodILToNativeMap += Mapped;
        var rundown = new ClrRundownTraceEventParser(source);
        rundown.MethodDCStopVerbose += Loaded;
        rundown.MethodILToNativeMapDCStop += Mapped;
    }

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
        int low = 0, high = _codes.Count - 1, found = -1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            if (_codes[middle].Start <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

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

    private void Loaded(MethodLoadUnloadVerboseTraceData data)
    {
        var code = new Code(data.MethodStartAddress, data.MethodSize);
        _codes.Add(code);
        _sorted = false;
        var key = (data.ThreadID, data.MethodID);
        if (_awaitingCode.Remove(key, out Map? map))
        {
            code.Map = map;
        }
        else
        {
            _awaitingMap[key] = code;
        }
    }

    private void Mapped(MethodILToNativeMapTraceData data)
    {
        var map = Map.From(data);
        var key = (data.ThreadID, data.MethodID);
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
        internal static Map From(MethodILToNativeMapTraceData data)
        {
            var entries = new List<(int Native, int Il)>(data.CountOfMapEntries);
            for (int i = 0; i < data.CountOfMapEntries; i++)
            {
                if (data.ILOffset(i) >= 0)
                {
                    entries.Add((data.NativeOffset(i), data.ILOffset(i)));
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
