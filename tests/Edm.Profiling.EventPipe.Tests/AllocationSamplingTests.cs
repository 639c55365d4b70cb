namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The allocation fixture run for real (tests/Edm.Profiling.SamplingFixture/AllocationWorkload.cs):
/// <c>Allocate</c>, a Detailed probe, allocates 1,024 <c>byte[65536]</c> and 262,144 <c>Particle</c>
/// objects of 64 bytes, each from a line marked in the source. Each run takes a few seconds.
/// </summary>
public sealed class AllocationSamplingTests : IDisposable
{
    /// <summary>The bytes the runtime counts: a byte[65536] is 24 bytes of header and length, then the data.</summary>
    private const long ChunkBytes = 1_024L * (65_536 + 24);

    private const long ParticleBytes = 262_144L * 64;

    private const string ChunkType = "System.Byte[]";
    private const string ParticleType = "Edm.Profiling.SamplingFixture.Particle";

    private readonly string _folder = Directory.CreateTempSubdirectory("edm-allocations-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SessionReport Run(string mode, IReadOnlyDictionary<string, string>? environment = null)
    {
        string path = Path.Combine(_folder, mode + ".json");
        var (exitCode, _, error) = Programs.Run(environment, Programs.Fixture, mode, path);
        Assert.True(exitCode == 0, error);
        return SessionJson.ReadFile(path);
    }

    /// <summary>
    /// The bound an <c>AllocationSampled</c> estimate of <paramref name="truth"/> bytes honestly gives:
    /// four times its largest standard error √(N·q/p) (≈ 1/√(expected events) relative), so a correct
    /// estimator fails it about once in 16,000 runs. For the chunks it is ±15.6%; for the particles
    /// (164 events expected) ±31%: ±25% would be only 3.2 standard errors.
    /// </summary>
    private static void AssertWithinSamplingBound(long truth, long estimate, string what)
    {
        double bound = 4 * AllocationEstimator.MaxStandardError(truth);
        Assert.True(Math.Abs(estimate - truth) <= bound, $"{what}: estimated {estimate:N0} B, allocated {truth:N0} B, bound ±{bound:N0} B");
    }

    private static int MarkedLine(string marker) =>
        Array.FindIndex(File.ReadAllLines(Programs.AllocationWorkloadSource), l => l.Contains(marker, StringComparison.Ordinal)) + 1;

    [Fact]
    public void Allocation_sampling_estimates_the_fixtures_types_and_sites_under_its_probe()
    {
        SessionReport report = Run("allocations");
        AllocationSamples samples = report.AllocationSamples ?? throw new Xunit.Sdk.XunitException("no allocationSamples; warnings: " + string.Join(" | ", report.Warnings));
        Assert.Equal(("AllocationSampled", CpuSampleMerge.InProcess, 102_400L), (samples.Source, samples.Mode, samples.MeanIntervalBytes));

        // CPU and allocation sampling shared one EventPipe session: both ran, both sections are there.
        Assert.Equal([new BackendStatus { Name = "cpu-sampling", Ran = true }, new BackendStatus { Name = "allocation-sampling", Ran = true }], report.Backends!);
        Assert.True(report.CpuSamples!.RunningSamples > 0);

        // By type: the two the fixture allocates, largest first, each within the sampling bound.
        Assert.Equal([ChunkType, ParticleType], samples.Types.Take(2).Select(t => t.Name));
        AllocatedType chunks = samples.Types[0], particles = samples.Types[1];
        AssertWithinSamplingBound(ChunkBytes, chunks.EstimatedBytes, "byte[] chunks");
        Assert.InRange(chunks.EstimatedBytes, ChunkBytes * 0.75, ChunkBytes * 1.25);
        AssertWithinSamplingBound(ParticleBytes, particles.EstimatedBytes, "particles");
        Assert.InRange(particles.EstimatedObjects * 64, particles.EstimatedBytes - 64, particles.EstimatedBytes + 64); // every particle weighs 64 B

        // By site: the marked lines of the fixture's source.
        AllocationSite chunkSite = samples.Sites.First(s => s.TopType == ChunkType);
        Assert.Equal(("Edm.Profiling.SamplingFixture.AllocationWorkload.Allocate()", MarkedLine("// allocation site: chunks")), (chunkSite.Method, chunkSite.Line!.Value));
        Assert.EndsWith("AllocationWorkload.cs", chunkSite.File, StringComparison.Ordinal);
        AllocationSite particleSite = samples.Sites.First(s => s.TopType == ParticleType);
        Assert.Equal(("Edm.Profiling.SamplingFixture.AllocationWorkload.NewParticles(int32)", MarkedLine("// allocation site: particles")), (particleSite.Method, particleSite.Line!.Value));

        // Under the probe: its top types and sites, its estimate beside its exact allocated bytes.
        ProbeInfo probe = Assert.Single(report.Probes, p => p.Name.Contains("AllocationWorkload.Allocate", StringComparison.Ordinal));
        ProbeAllocations underProbe = Assert.Single(samples.Probes, p => p.ProbeId == probe.Id);
        Assert.Equal([ChunkType, ParticleType], underProbe.TopTypes.Take(2).Select(t => t.Name));
        Assert.Equal([chunkSite.Line, particleSite.Line], underProbe.TopSites.Take(2).Select(s => s.Line));
        Assert.Equal(underProbe.EstimatedBytes, underProbe.SelfEstimatedBytes);
        long exact = Assert.Single(report.Methods, m => m.ProbeId == probe.Id).Allocations!.AllocatedBytes;
        Assert.InRange(exact, ChunkBytes + ParticleBytes, ChunkBytes + ParticleBytes + 100_000);
        AssertWithinSamplingBound(exact, underProbe.EstimatedBytes, "under the probe");

        // Along the call tree: the probe's path, and NewParticles as a node below it.
        CallTreeNode node = Assert.Single(report.CallTree, n => n.ProbeId == probe.Id);
        Assert.Equal(underProbe.EstimatedBytes, Assert.Single(samples.Paths, p => p.CallTreeNodeId == node.Id).EstimatedBytes);
        AllocationNode newParticles = Assert.Single(samples.Nodes, n => n.CallTreeNodeId == node.Id && samples.Frames[n.FrameId].Name.Contains("NewParticles", StringComparison.Ordinal));
        Assert.Equal((particles.EstimatedBytes, ParticleType), (newParticles.SelfEstimatedBytes, newParticles.TopType!));

        // The profiler's own allocations (the trace reader, the runtime answering the session) are left out.
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Edm.Profiling.EventPipe.", StringComparison.Ordinal) || f.Name.StartsWith("System.Diagnostics.Tracing.EventPipeEventProvider.Callback", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_AllocationSampled_GCAllocationTick_gives_the_totals_and_the_sites()
    {
        SessionReport report = Run("allocation-ticks");
        AllocationSamples samples = report.AllocationSamples ?? throw new Xunit.Sdk.XunitException("no allocationSamples; warnings: " + string.Join(" | ", report.Warnings));
        Assert.Equal(("GCAllocationTick", 102_400L), (samples.Source, samples.MeanIntervalBytes));
        Assert.Null(report.CpuSamples);

        // A tick carries the bytes since the previous one: the probe's total is off by a few intervals at most.
        ProbeInfo probe = Assert.Single(report.Probes, p => p.Name.Contains("AllocationWorkload.Allocate", StringComparison.Ordinal));
        long exact = Assert.Single(report.Methods, m => m.ProbeId == probe.Id).Allocations!.AllocatedBytes;
        long estimate = Assert.Single(samples.Probes, p => p.ProbeId == probe.Id).EstimatedBytes;
        Assert.InRange(estimate, exact - (8 * 102_400), exact + (8 * 102_400));
        Assert.Equal(ChunkType, samples.Types[0].Name);
        Assert.Equal(MarkedLine("// allocation site: chunks"), samples.Sites.First(s => s.TopType == ChunkType).Line);
    }

    [Fact]
    public void With_diagnostics_disabled_the_session_has_its_probes_and_says_why_it_has_no_allocations()
    {
        SessionReport report = Run("allocations", new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });
        Assert.Null(report.AllocationSamples);
        Assert.Null(report.CpuSamples);
        Assert.All(report.Backends!, b => Assert.False(b.Ran));
        Assert.Contains(report.Warnings, w => w.Contains("Backend 'allocation-sampling' did not start", StringComparison.Ordinal) && w.Contains("DOTNET_EnableDiagnostics=0", StringComparison.Ordinal));
        ProbeInfo probe = Assert.Single(report.Probes, p => p.Name.Contains("AllocationWorkload.Allocate", StringComparison.Ordinal));
        MethodStatistics method = Assert.Single(report.Methods, m => m.ProbeId == probe.Id);
        Assert.Equal(1, method.Calls);
        Assert.InRange(method.Allocations!.AllocatedBytes, ChunkBytes + ParticleBytes, ChunkBytes + ParticleBytes + 100_000);
    }
}
