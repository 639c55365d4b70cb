using System.Globalization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Writes RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted when it
/// holds a comma, a quote, a CR or an LF, with quotes inside doubled. Numbers are written in the
/// invariant culture so that every spreadsheet reads them the same.
/// </summary>
public sealed class CsvWriter
{
    private readonly TextWriter _writer;
    private bool _atRecordStart = true;

    /// <summary>A writer onto <paramref name="writer"/>.</summary>
    public CsvWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Writes one field of the current record; null is an empty field.</summary>
    public CsvWriter Field(string? value)
    {
        if (!_atRecordStart)
        {
            _writer.Write(',');
        }

        _atRecordStart = false;
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
        }
        else
        {
            _writer.Write('"');
            _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            _writer.Write('"');
        }

        return this;
    }

    /// <summary>Writes an integer field.</summary>
    public CsvWriter Field(long? value) => Field(value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes a number field with up to 6 decimals; null and non-finite values are empty.</summary>
    public CsvWriter Field(double? value) =>
        Field(value is { } v && double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : null);

    /// <summary>Writes a whole record.</summary>
    public CsvWriter Record(params string?[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (string? field in fields)
        {
            Field(field);
        }

        return EndRecord();
    }

    /// <summary>Ends the current record with CRLF.</summary>
    public CsvWriter EndRecord()
    {
        _writer.Write("\r\n");
        _atRecordStart = true;
        return this;
    }
}
