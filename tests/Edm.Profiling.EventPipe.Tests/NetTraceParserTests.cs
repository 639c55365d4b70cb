using System.Globalization;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The live reader of the nettrace format (<see cref="NetTraceParser"/>, <see cref="LiveTallies"/>) against
/// TraceEvent's conversion of the same stream (<see cref="ConvertedTrace"/>), on a real trace of this
/// runtime: the fixture's allocation workload with CPU and allocation sampling, its stream kept in a file.
/// </summary>
public sealed class NetTraceParserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edm-nettrace-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Runs the fixture with both samplers, keeping the raw stream; returns the <c>.nettrace</c> path.</summary>
    private string CaptureTrace()
    {
        string trace = Path.Combine(_folder, "allocations.nettrace");
        var environment = new Dictionary<string, string> { ["EDM_PROFILING_NETTRACE"] = trace };
        var (exitCode, _, error) = Programs.Run(environment, Programs.Fixture, "allocations", Path.Combine(_folder, "allocations.json"));
        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(trace), "the fixture kept no trace");
        return trace;
    }

    private static TraceReadout ReadLive(Stream stream, out LiveTallies tallies)
    {
        tallies = new LiveTallies();
        tallies.Read(stream);
        using var lines = new PortablePdbLines();
        return tallies.Build(new TraceFrames(lines));
    }

    private static string Describe(List<StackFrame> frames, int[] ids, int[] lines) =>
        string.Join(" > ", ids.Select((id, i) => string.Create(CultureInfo.InvariantCulture, $"{frames[id].Name} [{frames[id].Module}] {frames[id].File}:{lines[i]}")));

    // Keys ignore case: TraceEvent's conversion names one module in lower case (system.security.cryptography,
    // where the live reader keeps the file's own), which is a label, not a different frame.
    private static Dictionary<string, long> CpuCounts(SampledStacks cpu) =>
        cpu.Stacks.GroupBy(s => (s.Running ? "running " : "waiting ") + Describe(cpu.Frames, s.Frames, s.Lines), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Count), StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, (long Events, double Bytes)> AllocationWeights(AllocationEvents allocations) =>
        allocations.Stacks.GroupBy(s => s.Type + " @ " + Describe(allocations.Frames, s.Frames, s.Lines), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (g.Sum(s => s.Events), g.Sum(s => s.Bytes)), StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void The_live_reader_counts_a_real_stream_exactly_as_TraceEvents_conversion_does()
    {
        string trace = CaptureTrace();
        TraceReadout converted;
        using (ConvertedTrace file = ConvertedTrace.Open(trace))
        {
            converted = file.Read();
        }

        using FileStream stream = File.OpenRead(trace);
        TraceReadout live = ReadLive(stream, out LiveTallies tallies);

        // The stream is a real one: samples on several threads, named methods, sampled allocations.
        Assert.True(converted.Cpu.Stacks.Sum(s => s.Count) > 200, $"only {converted.Cpu.Stacks.Sum(s => s.Count)} samples in the trace");
        Assert.True(tallies.Code.Count > 100, $"only {tallies.Code.Count} methods named");
        Assert.Equal(AllocationTally.SampledSource, converted.Allocations.Source);

        // An in-process session with allocation stacks asks for no JIT events: the rundown names every method,
        // those compiled during the session too (the fixture's workload: its sites are named, AllocationSamplingTests).
        Assert.Equal(0, tallies.MethodsCompiledLive);
        Assert.True(tallies.MethodsFromRundown > 100, $"only {tallies.MethodsFromRundown} methods in the rundown");
        Assert.Contains(live.Allocations.Frames, f => f.Name.StartsWith("Edm.Profiling.SamplingFixture.AllocationWorkload.NewParticles", StringComparison.Ordinal));

        Assert.Equal(converted.Cpu.Threads, live.Cpu.Threads);
        Assert.Equal(converted.Cpu.SamplesWithoutStack, live.Cpu.SamplesWithoutStack);
        Assert.InRange(live.Cpu.IntervalNs, converted.Cpu.IntervalNs - 1, converted.Cpu.IntervalNs + 1);
        Dictionary<string, long> expected = CpuCounts(converted.Cpu), actual = CpuCounts(live.Cpu);
        Assert.Equal(expected.Where(e => !actual.TryGetValue(e.Key, out long n) || n != e.Value).Select(e => $"{e.Key}: {e.Value}"), []);
        Assert.Equal(expected.Count, actual.Count);

        Assert.Equal(converted.Allocations.Source, live.Allocations.Source);
        Assert.Equal(converted.Allocations.Events, live.Allocations.Events);
        Assert.Equal(converted.Allocations.EventsWithoutStack, live.Allocations.EventsWithoutStack);
        var expectedAllocations = AllocationWeights(converted.Allocations);
        var actualAllocations = AllocationWeights(live.Allocations);
        Assert.Equal(
            expectedAllocations.Where(e => !actualAllocations.TryGetValue(e.Key, out var w) || w.Events != e.Value.Events || Math.Abs(w.Bytes - e.Value.Bytes) > 1e-6 * e.Value.Bytes).Select(e => e.Key),
            []);
        Assert.Equal(expectedAllocations.Count, actualAllocations.Count);
    }

    [Fact]
    public void A_truncated_stream_is_a_clear_error_naming_where_it_ends()
    {
        byte[] whole = File.ReadAllBytes(CaptureTrace());
        using var truncated = new MemoryStream(whole, 0, whole.Length / 2);
        var error = Assert.Throws<InvalidDataException>(() => ReadLive(truncated, out _));
        Assert.StartsWith("the nettrace stream ends at byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains(" in the middle of ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_is_not_nettrace_is_a_clear_error()
    {
        using var text = new MemoryStream("this is not a trace, only some text of sufficient length"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => ReadLive(text, out _));
        Assert.Equal("the nettrace stream does not hold the 'Nettrace' magic where expected (read 0)", error.Message);
    }

    [Fact]
    public void A_corrupt_block_size_is_a_clear_error()
    {
        byte[] bytes = File.ReadAllBytes(CaptureTrace());
        // The first block follows the trace object: find its type name and make its size absurd.
        int name = IndexOf(bytes, "MetadataBlock"u8);
        Assert.True(name > 0);
        int size = name + "MetadataBlock".Length + 1; // after the type's EndObject tag
        BitConverter.TryWriteBytes(bytes.AsSpan(size), int.MaxValue);
        using var corrupt = new MemoryStream(bytes);
        var error = Assert.Throws<InvalidDataException>(() => ReadLive(corrupt, out _));
        Assert.Contains("a MetadataBlock of 2147483647 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interned_stacks_are_kept_once_by_content()
    {
        var stacks = new InternedStacks();
        int a = stacks.Intern([1, 2, 3]);
        int b = stacks.Intern([1, 2, 4]);
        Assert.NotEqual(a, b);
        Assert.Equal(a, stacks.Intern([1, 2, 3]));
        Assert.Equal(b, stacks.Intern([1, 2, 4]));
        Assert.Equal(2, stacks.Count);
        Assert.Equal([1UL, 2, 4], stacks[b].ToArray());
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> what) => bytes.AsSpan().IndexOf(what);
}
