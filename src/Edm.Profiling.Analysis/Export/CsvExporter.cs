using System.Globalization;
using System.Text;

namespace Edm.Profiling.Analysis;

/// <summary>
/// CSV exports (RFC 4180, one header row): a session's per-method figures, a comparison's verdicts
/// (one row per method and metric), and history queries (runs, or trend points). Times are
/// nanoseconds and sizes bytes, as the column names say.
/// </summary>
public static class CsvExporter
{
    /// <summary>One row per method of the session.</summary>
    public static void WriteSession(SessionReport session, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(session);
        var csv = new CsvWriter(output);
        csv.Record("method", "calls", "faulted_calls", "total_ns", "self_ns", "inclusive_ns", "mean_ns", "min_ns", "max_ns", "p50_ns", "p90_ns", "p99_ns",
            "samples", "allocated_bytes", "allocated_bytes_per_call", "off_cpu_share");
        foreach (MethodStatistics m in session.Methods)
        {
            csv.Field(session.FindProbe(m.ProbeId)?.Name ?? $"#{m.ProbeId}")
                .Field(m.Calls).Field(m.FaultedCalls).Field(m.TotalNs).Field(m.SelfNs).Field(m.InclusiveNs).Field(m.MeanNs)
                .Field(m.MinNs).Field(m.MaxNs).Field(m.P50Ns).Field(m.P90Ns).Field(m.P99Ns)
                .Field(m.Samples?.DurationsNs.Count)
                .Field(m.Allocations?.AllocatedBytes)
                .Field(m.Allocations is { Calls: > 0 } a ? (double)a.AllocatedBytes / a.Calls : null)
                .Field(m.Cpu?.OffCpuShare)
                .EndRecord();
        }
    }

    /// <summary>One row per method and metric; a method with no metric (new, missing, incomparable) has one row.</summary>
    public static void WriteComparison(ComparisonReport comparison, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var csv = new CsvWriter(output);
        csv.Record("method", "method_verdict", "metric", "verdict", "baseline", "current", "ratio", "ratio_lower", "ratio_upper", "reason");
        foreach (MethodComparison method in comparison.Methods)
        {
            if (method.Metrics.Count == 0)
            {
                string verdict = method.Verdict.ToString();
                csv.Record(method.Name, verdict, null, verdict, null, null, null, null, null, comparison.IncomparableReason);
                continue;
            }

            foreach (MetricComparison metric in method.Metrics)
            {
                csv.Field(method.Name).Field(method.Verdict.ToString()).Field(metric.Metric.ToString()).Field(metric.Verdict.ToString())
                    .Field(metric.Baseline).Field(metric.Current).Field(metric.Ratio).Field(metric.RatioLower).Field(metric.RatioUpper)
                    .Field(metric.Reason)
                    .EndRecord();
            }
        }
    }

    /// <summary>One row per point of each trend, with whether a lasting step begins there.</summary>
    public static void WriteTrends(IEnumerable<MethodTrend> trends, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(trends);
        var csv = new CsvWriter(output);
        csv.Record("method", "metric", "commit", "recorded_at", "value", "step");
        foreach (MethodTrend trend in trends)
        {
            var steps = trend.ChangePoints.ToHashSet();
            for (int i = 0; i < trend.Points.Count; i++)
            {
                TrendPoint point = trend.Points[i];
                csv.Field(trend.Name).Field(trend.Metric.ToString()).Field(point.Commit)
                    .Field(point.RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
                    .Field(point.Value).Field(steps.Contains(i) ? "yes" : "no")
                    .EndRecord();
            }
        }
    }

    /// <summary>One row per run of a history.</summary>
    public static void WriteRuns(IEnumerable<HistoryRun> runs, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var csv = new CsvWriter(output);
        csv.Record("id", "kind", "name", "commit", "version", "branch", "recorded_at", "runs", "machine", "methods", "source");
        foreach (HistoryRun run in runs)
        {
            csv.Field(run.Id).Field(run.Kind).Field(run.Name).Field(run.Commit).Field(run.Version).Field(run.Branch)
                .Field(run.RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
                .Field(run.RunCount).Field(run.Machine).Field(run.Methods).Field(run.Source)
                .EndRecord();
        }
    }

    /// <summary>Writes an export to a file atomically (UTF-8 without a byte-order mark).</summary>
    /// <exception cref="AnalysisException">The file cannot be written.</exception>
    public static void WriteFile(string path, Action<TextWriter> export)
    {
        ArgumentNullException.ThrowIfNull(export);
        try
        {
            AtomicFile.Write(path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
                export(writer);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException(path, $"cannot be written: {e.Message}", inner: e);
        }
    }
}
