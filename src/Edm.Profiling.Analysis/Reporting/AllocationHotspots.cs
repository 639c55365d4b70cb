using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// What the text reports say about sampled allocations: a headline, the session's top types and
/// sites, and for the probes that allocated most themselves, their top types and site
/// (<c>under Fft.TransformFrame: 278 MiB — Complex[] 61%, Double[] 30%; at Fourier.cs:120</c>).
/// </summary>
internal static class AllocationHotspots
{
    private const int MaxTypes = 5;
    private const int MaxSites = 5;
    private const int MaxProbes = 3;
    private const int MaxProbeTypes = 3;

    /// <summary>E.g. <c>allocations (AllocationSampled, in-process): about 84.1 MB in 282,878 objects from 653 events; estimates</c>.</summary>
    internal static string Headline(AllocationSamples samples) => string.Create(
        CultureInfo.InvariantCulture,
        $"allocations ({samples.Source}{(samples.Mode is { } mode ? ", " + mode : "")}): about {SessionSummary.Bytes(samples.EstimatedBytes)} in {samples.EstimatedObjects:N0} objects from {samples.Events:N0} events; sampled figures are estimates");

    /// <summary>The lines below the headline, indented by the caller.</summary>
    internal static IReadOnlyList<string> Lines(SessionReport session)
    {
        if (session.AllocationSamples is not { } samples)
        {
            return [];
        }

        long total = Math.Max(1, samples.EstimatedBytes);
        var lines = new List<string>();
        if (samples.Types.Count > 0)
        {
            lines.Add("top types: " + string.Join(", ", samples.Types.Take(MaxTypes).Select(t => $"{TypeName(t.Name)} {SessionSummary.Bytes(t.EstimatedBytes)} ({Percent(t.EstimatedBytes, total)})")));
        }

        foreach (AllocationSite site in samples.Sites.Take(MaxSites))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"at {Site(site)}: {SessionSummary.Bytes(site.EstimatedBytes)} ({Percent(site.EstimatedBytes, total)}){(site.TopType is { } type ? ", mostly " + TypeName(type) : "")}"));
        }

        var names = new CallTreeIndex(session);
        // The probes that allocated most themselves (innermost on the stack), not their callers, which
        // would all repeat the same types; each with what was allocated under it.
        foreach (ProbeAllocations probe in samples.Probes.OrderByDescending(p => p.SelfEstimatedBytes).ThenByDescending(p => p.EstimatedBytes).Take(MaxProbes))
        {
            if (probe.SelfEstimatedBytes <= 0)
            {
                continue;
            }

            long under = Math.Max(1, probe.EstimatedBytes);
            string types = string.Join(", ", probe.TopTypes.Take(MaxProbeTypes).Select(t => $"{TypeName(t.Name)} {Percent(t.EstimatedBytes, under)}"));
            string where = probe.TopSites.Count > 0 ? "; at " + Site(probe.TopSites[0]) : "";
            lines.Add($"under {SampledTree.ShortName(names.NameOf(probe.ProbeId))}: {SessionSummary.Bytes(probe.EstimatedBytes)} — {types}{where}");
        }

        return lines;
    }

    /// <summary>The headline of the allocation changes of a comparison (information beside the verdicts).</summary>
    internal const string ChangesHeadline = "allocated types that changed most per call (sampled estimates, information, not verdicts):";

    /// <summary>
    /// One line per method whose sampled types changed (the methods with the largest change first), e.g.
    /// <c>Fft.TransformFrame: Complex[] 1.2 KB → 2.4 KB (+1.2 KB), Double[] 800 B → 0 B (−800 B)</c>.
    /// </summary>
    internal static IReadOnlyList<string> ChangeLines(ComparisonReport comparison, int maxMethods = 10) =>
        [.. comparison.Methods
            .Where(m => m.TypeChanges is { Count: > 0 })
            .OrderByDescending(m => m.TypeChanges!.Max(c => Math.Abs(c.ChangeBytesPerCall)))
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .Take(maxMethods)
            .Select(m => $"{SampledTree.ShortName(m.Name)}: " + string.Join(", ", m.TypeChanges!.Select(c =>
                $"{TypeName(c.Type)} {PerCall(c.BaselineBytesPerCall)} → {PerCall(c.CurrentBytesPerCall)} ({(c.ChangeBytesPerCall >= 0 ? "+" : "−")}{PerCall(Math.Abs(c.ChangeBytesPerCall))})")))];

    private static string PerCall(double bytes) => SessionSummary.Bytes((long)Math.Round(bytes));

    /// <summary><c>System.Collections.Generic.List`1[System.Int32]</c> as <c>List`1[Int32]</c>; arrays keep their brackets.</summary>
    internal static string TypeName(string name)
    {
        int generic = name.IndexOfAny(['[', '<']);
        string head = generic > 0 && !name.AsSpan(generic).StartsWith("[]", StringComparison.Ordinal) ? name[..generic] : name;
        string tail = name[head.Length..];
        int dot = head.LastIndexOf('.');
        return (dot >= 0 ? head[(dot + 1)..] : head) + tail.Replace("System.", "", StringComparison.Ordinal);
    }

    /// <summary><c>Fourier.Forward (Fourier.cs:120)</c>, or the method alone when its line is unknown.</summary>
    internal static string Site(AllocationSite site) =>
        site.File is { Length: > 0 } file && site.Line is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"{SampledTree.ShortName(site.Method)} ({Path.GetFileName(file)}:{line})")
            : SampledTree.ShortName(site.Method);

    private static string Percent(long part, long total) => ReportTables.Percent((double)part / total);
}
