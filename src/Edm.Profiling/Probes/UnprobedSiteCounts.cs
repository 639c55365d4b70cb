using System.Globalization;
using System.Text;

namespace Edm.Profiling;

/// <summary>
/// Reads, adds and writes the compact <c>reason:count;…</c> text of <see cref="ProbeDescriptor.UnprobedCallSites"/>.
/// Malformed parts are skipped: registration never throws into the program's start-up.
/// </summary>
internal static class UnprobedSiteCounts
{
    /// <summary>The counts by reason, in ordinal order of the reason.</summary>
    internal static SortedDictionary<string, int> Parse(string? text)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (text is null || text.Length == 0)
        {
            return counts; // not IsNullOrEmpty: netstandard2.0's lacks the annotation that tells the compiler text is not null
        }

        foreach (string part in text.Split(';'))
        {
            int colon = part.LastIndexOf(':');
            if (colon <= 0
                || !int.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                || count <= 0)
            {
                continue;
            }

            string reason = part.Substring(0, colon).Trim();
            counts.TryGetValue(reason, out int sum);
            counts[reason] = (int)Math.Min(int.MaxValue, (long)sum + count);
        }

        return counts;
    }

    /// <summary>The sum of two registrations' counts, or null when neither has any.</summary>
    internal static string? Add(string? a, string? b)
    {
        if (string.IsNullOrEmpty(b))
        {
            return string.IsNullOrEmpty(a) ? null : Format(Parse(a));
        }

        SortedDictionary<string, int> counts = Parse(a + ";" + b);
        return counts.Count == 0 ? null : Format(counts);
    }

    /// <summary>The counts as the session lists them, or null when there are none.</summary>
    internal static IReadOnlyList<UnprobedSiteCount>? ToList(string? text)
    {
        SortedDictionary<string, int> counts = Parse(text);
        if (counts.Count == 0)
        {
            return null;
        }

        var list = new List<UnprobedSiteCount>(counts.Count);
        foreach (KeyValuePair<string, int> pair in counts)
        {
            list.Add(new UnprobedSiteCount(pair.Key, pair.Value));
        }

        return list;
    }

    private static string Format(SortedDictionary<string, int> counts)
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<string, int> pair in counts)
        {
            text.Append(text.Length == 0 ? "" : ";").Append(pair.Key).Append(':').Append(pair.Value.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
