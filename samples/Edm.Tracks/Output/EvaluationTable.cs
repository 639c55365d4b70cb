using System.Globalization;
using Edm.Tracks.Evaluation;

namespace Edm.Tracks.Output;

/// <summary>What <c>edm evaluate</c> prints: a row per file, then the accuracies.</summary>
public static class EvaluationTable
{
    /// <summary>One row per scored file.</summary>
    public static TextTable Build(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        CultureInfo c = CultureInfo.InvariantCulture;
        return new TextTable(
            ["File", "Label BPM", "Estimate", "Error", "Acc1", "Acc2"],
            [false, true, true, true, false, false],
            [
                .. report.Files.Select(f => new[]
                {
                    f.File,
                    f.LabelBpm.ToString("0.0", c),
                    f.EstimatedBpm is { } e ? e.ToString("0.0", c) : "-",
                    f.RelativeError is { } r ? r.ToString("+0.0%;-0.0%;0.0%", c) : "-",
                    f.Accuracy1 ? "yes" : "no",
                    FactorText(f.MatchingFactor),
                }),
            ]);
    }

    /// <summary>The summary lines: both accuracies with counts, and the skipped files if any.</summary>
    public static IReadOnlyList<string> Summary(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        CultureInfo c = CultureInfo.InvariantCulture;
        string tolerance = report.Tolerance.ToString("0.##%", c);
        int scored = report.Files.Count;
        var lines = new List<string>();
        if (scored == 0)
        {
            lines.Add("No file could be analysed, so there is no accuracy to report.");
        }
        else
        {
            lines.Add(string.Create(c, $"Accuracy1 (±{tolerance}): {report.Accuracy1:0.0%} ({report.Accuracy1Count} of {scored})"));
            lines.Add(string.Create(c, $"Accuracy2 (±{tolerance}, also ×2 ×3 ×½ ×⅓): {report.Accuracy2:0.0%} ({report.Accuracy2Count} of {scored})"));
        }

        if (report.Skipped.Count > 0)
        {
            lines.Add(string.Create(c, $"Skipped: {report.Skipped.Count} file(s) that could not be analysed (not counted above)"));
        }

        return lines;
    }

    private static string FactorText(double? factor) => factor switch
    {
        null => "no",
        1 => "yes",
        2 => "yes (×2)",
        3 => "yes (×3)",
        0.5 => "yes (×½)",
        _ => "yes (×⅓)",
    };
}
