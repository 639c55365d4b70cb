using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Edm.Tracks.Evaluation;

namespace Edm.Tracks.Commands;

/// <summary><c>--tolerance</c>: a percentage (<c>4%</c>) or a share (<c>0.04</c>), above 0 and at most 50 %.</summary>
public static class ToleranceOption
{
    /// <summary>The option, defaulting to 4 %.</summary>
    public static Option<double> Create() => new("--tolerance")
    {
        Description = "How close an estimate must be to the label, as a percentage (4%) or a share (0.04)",
        HelpName = "percent",
        DefaultValueFactory = _ => TempoAccuracy.DefaultTolerance,
        CustomParser = Parse,
    };

    /// <summary>Parses the text; on a bad value adds a one-line error to the result.</summary>
    public static double Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, out double tolerance))
        {
            return tolerance;
        }

        result.AddError($"--tolerance: '{text}' is not a tolerance; give a percentage such as 4% or a share such as 0.04 (above 0, at most 50%)");
        return TempoAccuracy.DefaultTolerance;
    }

    /// <summary>Reads <c>4%</c> as 0.04 and <c>0.04</c> as 0.04.</summary>
    public static bool TryParse(string text, out double tolerance)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        bool percent = trimmed.EndsWith('%');
        if (percent)
        {
            trimmed = trimmed[..^1].TrimEnd();
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            tolerance = 0;
            return false;
        }

        tolerance = percent ? value / 100 : value;
        return tolerance > 0 && tolerance <= 0.5;
    }
}
