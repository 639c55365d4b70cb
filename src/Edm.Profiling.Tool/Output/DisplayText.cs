using System.Globalization;
using System.Text;

namespace Edm.Profiling.Tool.Output;

/// <summary>Names from files as they may be printed: control characters escaped, so a name can neither break a line nor drive the terminal.</summary>
internal static class DisplayText
{
    internal static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(char.IsControl))
        {
            return text ?? "";
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
