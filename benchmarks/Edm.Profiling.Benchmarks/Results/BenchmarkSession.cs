using System.Globalization;
using System.Text.Json;

namespace Edm.Profiling.Benchmarks.Results;

/// <summary>
/// Turns BenchmarkDotNet's full JSON reports into an Edm.Profiling session, so the project gates its
/// own performance with its own comparison layer (benchmarks/run.sh saves it as a baseline and
/// compares it with the previous one).
/// </summary>
/// <remarks>
/// Sessions count integer nanoseconds per call, and a probe costs a few nanoseconds, so each
/// benchmark becomes a method named "… per 1000 ops" with 1,000 calls: its duration samples are the
/// measured iterations in nanoseconds per 1,000 operations, and its allocated bytes per call are
/// BenchmarkDotNet's bytes per operation.
/// </remarks>
public static class BenchmarkSession
{
    private const int OpsPerCall = 1000;

    public static int Convert(string resultsDirectory, string sessionPath)
    {
        string[] reports = Directory.GetFiles(resultsDirectory, "*-report-full.json");
        if (reports.Length == 0)
        {
            Console.Error.WriteLine($"to-session: {resultsDirectory}: no *-report-full.json (run with --exporters fulljson)");
            return 2;
        }

        var probes = new List<ProbeInfo>();
        var methods = new List<MethodStatistics>();
        foreach (string report in reports.Order(StringComparer.Ordinal))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(report));
            JsonElement[] benchmarks = [.. document.RootElement.GetProperty("Benchmarks").EnumerateArray()];

            // A class run under several jobs (profiling on and off) measures each method once per
            // job: the job's id then belongs to the name. A lone job's id (often random) does not.
            bool severalJobs = benchmarks.Select(JobOf).Distinct(StringComparer.Ordinal).Count() > 1;
            foreach (JsonElement benchmark in benchmarks)
            {
                if (ToMethod(benchmark, probes.Count, severalJobs ? JobOf(benchmark) : "") is not ({ } probe, { } method))
                {
                    continue;
                }

                probes.Add(probe);
                methods.Add(method);
            }
        }

        // An empty real session supplies the environment block, so comparisons can check the machine.
        SessionReport shell;
        using (ProfilingSession session = Profiler.StartSession("edm-benchmarks"))
        {
            shell = session.Stop();
        }

        SessionReport result = shell with { Probes = probes, Methods = methods, CallTree = [], Warnings = [] };
        SessionJson.WriteFile(result, sessionPath);
        Console.WriteLine($"to-session: {methods.Count} benchmarks written to {sessionPath}");
        return 0;
    }

    /// <summary>
    /// The job's id, read from BenchmarkDotNet's display text, "Type.Method: JobId(characteristics)"
    /// (the full JSON has no field of its own for it).
    /// </summary>
    private static string JobOf(JsonElement benchmark)
    {
        string display = benchmark.TryGetProperty("DisplayInfo", out JsonElement d) ? d.GetString() ?? "" : "";
        string type = benchmark.GetProperty("Type").GetString() ?? "";
        string title = benchmark.TryGetProperty("MethodTitle", out JsonElement t) ? t.GetString() ?? "" : "";
        string prefix = $"{type}.{title}: ";
        if (!display.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "";
        }

        int end = display.IndexOf('(', prefix.Length);
        return (end < 0 ? display[prefix.Length..] : display[prefix.Length..end]).Trim();
    }

    private static (ProbeInfo, MethodStatistics)? ToMethod(JsonElement benchmark, int id, string job)
    {
        if (!benchmark.TryGetProperty("Statistics", out JsonElement statistics) || statistics.ValueKind != JsonValueKind.Object
            || !statistics.TryGetProperty("OriginalValues", out JsonElement values))
        {
            return null; // a benchmark that failed has no statistics
        }

        long[] samples = [.. values.EnumerateArray().Select(v => (long)Math.Round(v.GetDouble() * OpsPerCall))];
        if (samples.Length == 0)
        {
            return null;
        }

        string type = benchmark.GetProperty("Type").GetString() ?? "";
        string name = benchmark.GetProperty("MethodTitle").GetString() ?? benchmark.GetProperty("Method").GetString() ?? "";
        string parameters = benchmark.TryGetProperty("Parameters", out JsonElement p) ? p.GetString() ?? "" : "";
        string display = string.Create(CultureInfo.InvariantCulture, $"{type}.{name}({parameters}){(job.Length > 0 ? $" [{job}]" : "")} per {OpsPerCall} ops");

        long[] sorted = [.. samples.Order()];
        long total = samples.Sum();
        long bytesPerOp = benchmark.TryGetProperty("Memory", out JsonElement memory) && memory.ValueKind == JsonValueKind.Object
            ? memory.GetProperty("BytesAllocatedPerOperation").GetInt64()
            : 0;
        var probe = new ProbeInfo { Id = id, Name = display, DeclaringType = type, Signature = name, Layer = Layer.Detailed, Kind = ProbeKind.Method };
        var method = new MethodStatistics
        {
            ProbeId = id,
            Calls = OpsPerCall,
            InclusiveNs = total / samples.Length * OpsPerCall,
            SelfNs = total / samples.Length * OpsPerCall,
            TotalNs = total / samples.Length * OpsPerCall,
            MinNs = sorted[0],
            MaxNs = sorted[^1],
            MeanNs = total / samples.Length,
            P50Ns = sorted[sorted.Length / 2],
            P90Ns = sorted[(int)(sorted.Length * 0.9)],
            P99Ns = sorted[^1],
            Histogram = Histogram.Of(samples),
            Samples = new DurationSample { Population = samples.Length, DurationsNs = samples },
            Allocations = new AllocationStatistics { Calls = OpsPerCall, AllocatedBytes = bytesPerOp * OpsPerCall, SelfAllocatedBytes = bytesPerOp * OpsPerCall },
        };
        return (probe, method);
    }
}
