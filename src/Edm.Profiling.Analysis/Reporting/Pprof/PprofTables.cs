namespace Edm.Profiling.Analysis.Reporting.Pprof;

/// <summary>
/// The shared tables of a pprof profile: strings (index 0 is always <c>""</c>, as the format requires),
/// functions and locations, each added once and numbered from 1 (0 means "none" in the format).
/// </summary>
internal sealed class PprofTables
{
    /// <summary>The one mapping every location belongs to: symbolised already, so pprof looks for no binary.</summary>
    internal const ulong MappingId = 1;

    private readonly Dictionary<string, long> _strings = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly Dictionary<(string Name, bool Sampled, string? File, int StartLine), ulong> _functions = [];
    private readonly Dictionary<(ulong Function, int Line), ulong> _locations = [];

    internal List<string> Strings { get; } = [""];

    internal List<Function> Functions { get; } = [];

    internal List<Location> Locations { get; } = [];

    /// <summary>The index of <paramref name="value"/> in the string table (0 for null or empty).</summary>
    internal long String(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        if (!_strings.TryGetValue(value, out long index))
        {
            _strings[value] = index = Strings.Count;
            Strings.Add(value);
        }

        return index;
    }

    /// <summary>
    /// The location of a frame: its function (name, file, and a probe's declaration line as start line)
    /// at the frame's line (a probe's declaration, or the hottest sampled line).
    /// </summary>
    internal ulong LocationOf(MergedFrame frame)
    {
        int startLine = frame.Sampled ? 0 : Math.Max(0, frame.Line);
        var functionKey = (frame.Name, frame.Sampled, frame.File, startLine);
        if (!_functions.TryGetValue(functionKey, out ulong functionId))
        {
            _functions[functionKey] = functionId = (ulong)Functions.Count + 1;
            long name = String(frame.Name);
            Functions.Add(new Function { Id = functionId, Name = name, SystemName = name, Filename = String(frame.File), StartLine = startLine });
        }

        int line = Math.Max(0, frame.Line);
        if (!_locations.TryGetValue((functionId, line), out ulong locationId))
        {
            _locations[(functionId, line)] = locationId = (ulong)Locations.Count + 1;
            Locations.Add(new Location { Id = locationId, MappingId = MappingId, Line = { new Line { FunctionId = functionId, Line_ = line } } });
        }

        return locationId;
    }
}
