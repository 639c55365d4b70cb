using System.Text;

namespace Edm.Profiling.Tool.Output;

/// <summary>Rows of plain text in padded columns (the first <c>leftAligned</c> to the left, the rest to the right), for listings that scripts and people both read.</summary>
internal static class AlignedTable
{
    internal static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int leftAligned = 1)
    {
        int[] widths = [.. headers.Select(h => h.Length)];
        foreach (IReadOnlyList<string> row in rows)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteRow(output, headers, widths, leftAligned);
        output.WriteLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        foreach (IReadOnlyList<string> row in rows)
        {
            WriteRow(output, row, widths, leftAligned);
        }
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths, int leftAligned)
    {
        var line = new StringBuilder();
        for (int i = 0; i < widths.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(i < leftAligned ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
        }

        output.WriteLine(line.ToString().TrimEnd());
    }
}
