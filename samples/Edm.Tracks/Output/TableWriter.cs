using System.Text;
using Spectre.Console;

namespace Edm.Tracks.Output;

/// <summary>Draws a <see cref="TextTable"/>: a Spectre.Console table on a terminal, aligned plain text otherwise.</summary>
public static class TableWriter
{
    private const string ColumnGap = "  ";

    /// <summary>Writes the table to the command's output.</summary>
    public static void Write(TextTable table, CommandOutput output)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        if (output.IsInteractive)
        {
            AnsiConsole.Write(ToSpectre(table));
        }
        else
        {
            output.Out.Write(ToPlainText(table));
        }
    }

    /// <summary>Columns padded to their widest cell, a dashed rule under the header.</summary>
    public static string ToPlainText(TextTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int columns = table.Headers.Count;
        var widths = new int[columns];
        for (int c = 0; c < columns; c++)
        {
            widths[c] = Math.Max(table.Headers[c].Length, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r[c].Length));
        }

        var text = new StringBuilder();
        AppendRow(text, table.Headers, widths, table.RightAligned);
        AppendRow(text, [.. widths.Select(w => new string('-', w))], widths, table.RightAligned);
        foreach (string[] row in table.Rows)
        {
            AppendRow(text, row, widths, table.RightAligned);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths, IReadOnlyList<bool> rightAligned)
    {
        var line = new StringBuilder();
        for (int c = 0; c < cells.Count; c++)
        {
            if (c > 0)
            {
                line.Append(ColumnGap);
            }

            line.Append(rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static Table ToSpectre(TextTable table)
    {
        var result = new Table().Border(TableBorder.Rounded);
        for (int c = 0; c < table.Headers.Count; c++)
        {
            var column = new TableColumn(Markup.Escape(table.Headers[c]));
            result.AddColumn(table.RightAligned[c] ? column.RightAligned() : column);
        }

        foreach (string[] row in table.Rows)
        {
            result.AddRow([.. row.Select(cell => new Text(cell))]);
        }

        return result;
    }
}
