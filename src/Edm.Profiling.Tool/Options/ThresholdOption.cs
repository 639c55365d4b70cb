using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Edm.Profiling.Analysis;

namespace Edm.Profiling.Tool.Options;

/// <summary><c>--threshold</c>: the relative time change that counts, as a percentage (<c>5%</c>) or a share (<c>0.05</c>).</summary>
internal static class ThresholdOption
{
    private const double Default = ComparisonOptions.DefaultTimeThreshold;

    internal static Option<double> Create() => new("--threshold", "-t")
    {
        Description = "Relative change of time per call that counts, as a percentage (5%) or a share (0.05)",
        HelpName = "percent",
        DefaultValueFactory = _ => Default,
        CustomParser = Parse,
    };

    private static double Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out double threshold))
        {
            return threshold;
        }

        result.AddError($"--threshold: '{text}' is not a threshold; give a percentage such as 5% (0% up to 999%) or a share such as 0.05 (0 up to 1)");
        return Default;
    }

    /// <summary>
    /// <c>5%</c> is 0.05 and <c>0.05</c> is 0.05. A bare number of 1 or more is refused rather than
    /// guessed: <c>5</c> could mean 5% or 500%.
    /// </summary>
    internal static bool TryParse(string text, out double threshold)
    {
        string trimmed = text.Trim();
        bool percent = trimmed.EndsWith('%');
        if (percent)
        {
            trimmed = trimmed[..^1].TrimEnd();
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            threshold = 0;
            return false;
        }

        threshold = percent ? value / 100 : value;
        return percent ? value < 1000 : value <= 1;
    }
}
