using System.Text;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>Columns of plain text padded to line up, for output that is not a terminal.</summary>
internal static class TextTable
{
    /// <summary>Writes a header, a rule and the rows; the first column is left-aligned and cut to <paramref name="firstWidth"/>, the others right-aligned.</summary>
    internal static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, int firstWidth = 60, int leftAligned = 1)
    {
        List<string[]> all = [[.. headers], .. rows.Select(r => r.Select((cell, i) => i == 0 ? Cut(cell, firstWidth) : cell).ToArray())];
        int[] widths = new int[headers.Count];
        foreach (string[] row in all)
        {
            for (int i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = new StringBuilder();
        for (int r = 0; r < all.Count; r++)
        {
            line.Clear();
            for (int i = 0; i < widths.Length; i++)
            {
                string cell = i < all[r].Length ? all[r][i] : "";
                if (i > 0)
                {
                    line.Append("  ");
                }

                line.Append(i < leftAligned ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            }

            output.WriteLine(line.ToString().TrimEnd());
            if (r == 0)
            {
                output.WriteLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }
    }

    /// <summary>Keeps the end of a long name, where the method is.</summary>
    internal static string Cut(string text, int width) =>
        text.Length <= width ? text : string.Concat("…", text.AsSpan(text.Length - (width - 1)));
}
