using System.Globalization;

namespace Edm.Profiling;

/// <summary>
/// Reads the probe table that generated code hands to <see cref="Probe.RegisterAll(string)"/>: one string for
/// all probes of an interceptor class, since one literal costs the compiler far less than a registration
/// call with nine arguments per probed method.
/// </summary>
/// <remarks>
/// Records are separated by <see cref="RecordSeparator"/> (U+001E), fields by <see cref="FieldSeparator"/>
/// (U+001F), in this order: name, declaring type, signature, file (empty when unknown), line, layer (number),
/// kind (number), category (empty when none), sampling (<c>1</c> or <c>0</c>). The generator writes a probe whose
/// texts contain a separator, or whose category is empty, with <see cref="Probe.Register(string, string, string, string?, int, Layer, ProbeKind, string?, string?, bool)"/>
/// instead. Numbers that do not parse read as 0: the table comes from the generator of the same package.
/// </remarks>
internal static class ProbeTable
{
    internal const char RecordSeparator = '\u001E';
    internal const char FieldSeparator = '\u001F';

    /// <summary>The descriptors of <paramref name="table"/>, in order.</summary>
    internal static ProbeDescriptor[] Parse(string table)
    {
        string[] records = table.Split(RecordSeparator);
        var descriptors = new ProbeDescriptor[records.Length];
        for (int i = 0; i < records.Length; i++)
        {
            string[] fields = records[i].Split(FieldSeparator);
            descriptors[i] = new ProbeDescriptor(fields[0])
            {
                DeclaringType = Field(fields, 1),
                Signature = Field(fields, 2),
                File = Field(fields, 3),
                Line = Number(fields, 4),
                Layer = (Layer)Number(fields, 5),
                Kind = (ProbeKind)Number(fields, 6),
                Category = Field(fields, 7),
                Sampling = Field(fields, 8) != "0",
            };
        }

        return descriptors;
    }

    private static string? Field(string[] fields, int index) => index < fields.Length && fields[index].Length > 0 ? fields[index] : null;

    private static int Number(string[] fields, int index) =>
        int.TryParse(Field(fields, index), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : 0;
}
