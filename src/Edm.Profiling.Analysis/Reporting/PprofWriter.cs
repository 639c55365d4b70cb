using System.IO.Compression;
using Edm.Profiling.Analysis.Reporting.Pprof;
using Google.Protobuf;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// pprof's format (docs/pprof.md): a gzipped <c>perftools.profiles.Profile</c> message, which
/// <c>go tool pprof</c>, Pyroscope, Grafana and Datadog read. One sample per call-tree path, its stack
/// the path's probes (leaf first), with the sample types <c>calls</c>, <c>wall</c> (the default),
/// <c>self</c>, and <c>cpu</c> when the session has CPU samples and <c>alloc_space</c> when it has
/// Detailed probes; with CPU samples, the sampled frames below the probes and under
/// <c>(outside probes)</c> are samples too; with allocation samples, <c>alloc_sampled_space</c> weighs
/// the probe paths and the allocation stacks below them by estimated bytes. Functions carry the probes'
/// names, files and lines.
/// </summary>
public sealed class PprofWriter : IReportWriter
{
    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Pprof;

    /// <summary>Refuses: pprof is binary. Use <see cref="Write(ReportContent, Stream)"/> or <see cref="ReportWriters.WriteFile"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void Write(ReportContent content, TextWriter output) =>
        throw new NotSupportedException("The pprof format is binary (gzipped protobuf): write it to a file or a stream, not as text.");

    /// <summary>Writes the gzipped profile to <paramref name="output"/>, which is left open.</summary>
    /// <exception cref="ArgumentException">The content has no session.</exception>
    public void Write(ReportContent content, Stream output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        Profile profile = PprofProfile.Of(content.RequireSession(Format));
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        profile.WriteTo(gzip);
    }
}
