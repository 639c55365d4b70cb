using System.Globalization;
using System.Text;
using Edm.Profiling;

namespace Edm.Tracks.Evaluation;

/// <summary>
/// Reads and writes <c>labels.csv</c>: a header naming at least the columns <c>file</c> and
/// <c>bpm</c> (others are kept for people and ignored here), then one row per track. Fields may be
/// quoted with <c>"</c> (a doubled <c>""</c> inside is a quote); numbers use a dot.
/// </summary>
public static class LabelFile
{
    /// <summary>The name the labels file has beside the tracks.</summary>
    public const string FileName = "labels.csv";

    /// <summary>Reads the labels of a folder.</summary>
    /// <exception cref="InputException">No labels file, or a malformed one (the message names the line).</exception>
    [Profile(Category = "io")]
    public static IReadOnlyList<TempoLabel> Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new InputException($"{folder}: no {FileName} in this folder (expected a CSV with columns file,bpm)");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read ({e.Message.Trim().TrimEnd('.')})", e);
        }

        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            throw new InputException($"{path}: empty, expected a header line with columns file,bpm");
        }

        List<string> header = SplitRow(lines[0], path, 1);
        int fileColumn = header.FindIndex(h => h.Trim().Equals("file", StringComparison.OrdinalIgnoreCase));
        int bpmColumn = header.FindIndex(h => h.Trim().Equals("bpm", StringComparison.OrdinalIgnoreCase));
        if (fileColumn < 0 || bpmColumn < 0)
        {
            throw new InputException($"{path}:1: the header must name the columns file and bpm");
        }

        var labels = new List<TempoLabel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            List<string> fields = SplitRow(lines[i], path, lineNumber);
            if (fields.Count <= Math.Max(fileColumn, bpmColumn))
            {
                throw new InputException($"{path}:{lineNumber}: expected {header.Count} fields, found {fields.Count}");
            }

            string file = fields[fileColumn].Trim();
            string bpmText = fields[bpmColumn].Trim();
            if (file.Length == 0)
            {
                throw new InputException($"{path}:{lineNumber}: empty file name");
            }

            if (!double.TryParse(bpmText, NumberStyles.Float, CultureInfo.InvariantCulture, out double bpm) || !(bpm > 0) || double.IsInfinity(bpm))
            {
                throw new InputException($"{path}:{lineNumber}: bpm '{bpmText}' is not a positive number");
            }

            if (!seen.Add(file))
            {
                throw new InputException($"{path}:{lineNumber}: {file} is labelled twice");
            }

            labels.Add(new TempoLabel(file, bpm, lineNumber));
        }

        if (labels.Count == 0)
        {
            throw new InputException($"{path}: no labelled files");
        }

        return labels;
    }

    /// <summary>Formats labels as CSV text, with extra columns after <c>file,bpm</c>.</summary>
    /// <param name="extraColumns">Names of the extra columns.</param>
    /// <param name="rows">Each row: file, bpm, then the extra values in order.</param>
    public static string Format(IReadOnlyList<string> extraColumns, IEnumerable<(string File, double Bpm, IReadOnlyList<string> Extra)> rows)
    {
        ArgumentNullException.ThrowIfNull(extraColumns);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendJoin(',', ["file", "bpm", .. extraColumns.Select(Quote)]).Append('\n');
        foreach ((string file, double bpm, IReadOnlyList<string> extra) in rows)
        {
            text.AppendJoin(',', [Quote(file), bpm.ToString("0.0##", CultureInfo.InvariantCulture), .. extra.Select(Quote)]).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static List<string> SplitRow(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new InputException($"{path}:{lineNumber}: unterminated quote");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
