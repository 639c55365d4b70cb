using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Edm.Profiling.Generators.Model;

namespace Edm.Profiling.Generators.Emitting;

/// <summary>
/// The probes of one interceptor class as one string for <c>Probe.RegisterAll</c>: one literal compiles (and is
/// walked by other analyzers) far faster than a nine-argument <c>Probe.Register</c> call per probed method.
/// The format is the runtime's <c>ProbeTable</c>: records separated by U+001E, fields by U+001F.
/// </summary>
internal static class ProbeTableEmitter
{
    private const char RecordSeparator = '\u001E';
    private const char FieldSeparator = '\u001F';

    /// <summary>
    /// Whether <paramref name="probe"/> can go in a table: its texts hold no separator, and its category is not
    /// empty (the table writes no category as an empty field). Any other probe keeps its own <c>Probe.Register</c>.
    /// </summary>
    public static bool Fits(ProbeSpec probe) =>
        Plain(probe.Name) && Plain(probe.DeclaringType) && Plain(probe.Signature) && Plain(probe.File ?? "x")
        && (probe.Category is null || (probe.Category.Length > 0 && Plain(probe.Category)));

    /// <summary>The records of <paramref name="probes"/>, in order, each ending with the record separator but the last.</summary>
    public static IReadOnlyList<string> Records(IReadOnlyList<(ProbeSpec Probe, string Kind)> probes)
    {
        var records = new List<string>(probes.Count);
        var record = new StringBuilder();
        for (int i = 0; i < probes.Count; i++)
        {
            (ProbeSpec probe, string kind) = probes[i];
            record.Clear()
                .Append(probe.Name).Append(FieldSeparator)
                .Append(probe.DeclaringType).Append(FieldSeparator)
                .Append(probe.Signature).Append(FieldSeparator)
                .Append(probe.File).Append(FieldSeparator)
                .Append(probe.File is null ? 0 : probe.Line).Append(FieldSeparator)
                .Append(probe.Layer.ToString(CultureInfo.InvariantCulture)).Append(FieldSeparator)
                .Append(KindNumber(kind)).Append(FieldSeparator)
                .Append(probe.Category).Append(FieldSeparator)
                .Append(probe.Sampling ? '1' : '0');
            if (i < probes.Count - 1)
            {
                record.Append(RecordSeparator);
            }

            records.Add(record.ToString());
        }

        return records;
    }

    /// <summary>The value of the runtime's <c>ProbeKind</c> member named <paramref name="kind"/>.</summary>
    private static int KindNumber(string kind) => kind switch
    {
        "Method" => 0,
        "AsyncMethod" => 1,
        "Iterator" => 2,
        _ => 3, // AsyncIterator
    };

    private static bool Plain(string text) => text.IndexOf(RecordSeparator) < 0 && text.IndexOf(FieldSeparator) < 0;
}
