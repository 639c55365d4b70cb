using System.Globalization;
using System.Text;

namespace Edm.Profiling;

/// <summary>
/// A plain-text table of a session's hottest probes, for programs that want a summary without the
/// analysis package (whose console reporter draws richer tables and the call tree).
/// </summary>
public static class SessionSummary
{
    /// <summary>The <paramref name="top"/> probes by self time, one aligned line each.</summary>
    public static string Format(SessionReport report, int top = 20)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Session '{report.Name}': {Duration(report.DurationNs)}, {report.Methods.Count} profiled methods called")
            .AppendLine();
        const string Row = "{0,-56} {1,10} {2,10} {3,10} {4,10} {5,10} {6,10} {7,12}";
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, Row, "method", "calls", "self", "inclusive", "mean", "p50", "p99", "allocated"));
        foreach (MethodStatistics m in report.Methods.OrderByDescending(m => m.SelfNs).Take(top))
        {
            string name = report.FindProbe(m.ProbeId)?.Name ?? $"#{m.ProbeId}";
            if (name.Length > 56)
            {
                name = string.Concat("…", name.AsSpan(name.Length - 55));
            }

            text.AppendLine(string.Format(
                CultureInfo.InvariantCulture,
                Row,
                name,
                m.Calls,
                Duration(m.SelfNs),
                Duration(m.InclusiveNs),
                Duration(m.MeanNs),
                Duration(m.P50Ns),
                Duration(m.P99Ns),
                m.Allocations is { } a ? Bytes(a.AllocatedBytes) : "-"));
        }

        foreach (string warning in report.Warnings)
        {
            text.Append("warning: ").AppendLine(warning);
        }

        return text.ToString();
    }

    /// <summary>A duration in the unit that keeps three significant digits readable.</summary>
    public static string Duration(long ns) => ns switch
    {
        < 1_000 => $"{ns} ns",
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.0} µs"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:0.00} s"),
    };

    /// <summary>A byte count in B, KiB, MiB or GiB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };
}
