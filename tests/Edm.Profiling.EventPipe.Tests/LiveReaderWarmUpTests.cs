using System.Globalization;
using System.Runtime;
using System.Text.RegularExpressions;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The trace readers' warm-up (<see cref="LiveReaderWarmUp"/>): its made-up stream holds every kind of event the
/// live reader decodes, and once a thread has read it, reading a stream of every kind with other methods,
/// modules, types, threads and stacks makes the JIT compile nothing more on that thread. The count is the
/// runtime's own per-thread count of JIT compilations (<see cref="JitInfo.GetCompiledMethodCount"/>): a method
/// called for the first time at tier 0 is compiled on the calling thread, and each such first call puts off the
/// program's tiering by the runtime's call-counting delay.
/// </summary>
public sealed class LiveReaderWarmUpTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edm-warm-up-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// In a fresh process (the fixture), where no code of the readers has run: the warm-up compiles the reading's
    /// code, and reading a real trace (samples, allocations, the rundown's methods, maps and modules) and a made-up
    /// stream of every kind after it compiles nothing more. On-stack replacement is off in that process: its
    /// recompiling of a long-running loop is not a first call and would count here.
    /// </summary>
    [Fact]
    public void In_a_fresh_process_reading_a_real_trace_after_the_warm_up_compiles_nothing_on_the_reader_thread()
    {
        string trace = Path.Combine(_folder, "allocations.nettrace");
        var (exitCode, _, error) = Programs.Run(new Dictionary<string, string> { ["EDM_PROFILING_NETTRACE"] = trace }, Programs.Fixture, "allocations", Path.Combine(_folder, "allocations.json"));
        Assert.True(exitCode == 0, error);

        (exitCode, string output, error) = Programs.Run(new Dictionary<string, string> { ["DOTNET_TC_OnStackReplacement"] = "0" }, Programs.Fixture, "reader-warm-up", trace);
        Assert.True(exitCode == 0, error);
        string line = output.Split('\n')[0];
        Match counts = Regex.Match(line, @"^warm-up (\d+), reading (\d+), events (\d+), kinds (\d+)$");
        Assert.True(counts.Success, line);
        Assert.True(long.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture) > 50, $"the warm-up compiled little: the count proves nothing ({line})");
        Assert.True(long.Parse(counts.Groups[3].Value, CultureInfo.InvariantCulture) > 1000, $"the real trace is small ({line})");
        Assert.Equal("0", counts.Groups[2].Value);
    }

    /// <summary>
    /// In a fresh process (the fixture): the warm-up allocates nothing on the large object heap, whose allocations brought
    /// the program's first gen-2 collection forward (a blocking one, early in `edm evaluate --demo`'s memory way, reported
    /// in its gc section). The runtime's large-object allocation ticks (one per ~100 KB) during the warm-up and a 200 KB
    /// array after it: the array's tick alone (a warm-up reading the stream from one array made 3 more).
    /// </summary>
    [Fact]
    public void In_a_fresh_process_the_warm_up_allocates_no_large_object()
    {
        var (exitCode, output, error) = Programs.Run(null, Programs.Fixture, "warm-up-large-objects");
        Assert.True(exitCode == 0, error);
        Assert.Equal("large-object ticks 1", output.Split('\n')[0].Trim());
    }

    [Fact]
    public void The_made_up_stream_in_segments_is_the_stream_in_pieces_below_the_large_object_threshold()
    {
        IReadOnlyList<byte[]> segments = SyntheticNetTrace.EveryKindInSegments();
        Assert.All(segments, segment => Assert.True(segment.Length <= SyntheticNetTrace.SmallObjectBytes, $"a segment of {segment.Length} bytes"));
        using var stream = new SegmentStream(segments);
        using var copy = new MemoryStream();
        stream.CopyTo(copy, bufferSize: 1000); // reads that end inside segments and across them
        Assert.Equal(SyntheticNetTrace.EveryKind(), copy.ToArray());
    }

    [Fact]
    public void The_made_up_stream_holds_every_kind_of_event_the_live_reader_decodes()
    {
        var tallies = new LiveTallies();
        using (var stream = new MemoryStream(SyntheticNetTrace.EveryKind()))
        {
            tallies.Read(stream);
        }

        Assert.Equal(LiveTallies.Kinds, tallies.KindsRead);

        // Each kind decoded as the runtime lays it out: the counts and names come out as written.
        int perKind = SyntheticNetTrace.EventsPerKind * 2; // two event blocks
        Assert.Equal(perKind, tallies.MethodsCompiledLive);
        Assert.Equal(perKind, tallies.MethodsFromRundown);
        Assert.Equal(3 * perKind, tallies.AllocationEvents); // AllocationSampled and both GCAllocationTick layouts
        Assert.Equal(2 * perKind, tallies.Code.Count); // the methods, live and from the rundown
        string? named = tallies.Code.At(0x7F00_0000_1010)?.Name;
        Assert.StartsWith("WarmUp.Made.Up.Method", named, StringComparison.Ordinal);
        Assert.EndsWith("(int32,class System.String)", named, StringComparison.Ordinal);
        Assert.EndsWith("Module2.dll", tallies.Code.Module(3)?.FilePath, StringComparison.Ordinal);
        Assert.Equal("Module2.pdb", tallies.Code.Module(3)?.PdbName);
    }

    [Fact]
    public void After_the_warm_up_reading_a_stream_of_every_kind_compiles_nothing_more_on_the_reader_thread()
    {
        long compiledAfter = -1, controlCompiled = -1;
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                // Made before counting: writing it is the test's code, not the reader's.
                byte[] other = SyntheticNetTrace.EveryKind(variant: 1);

                LiveReaderWarmUp.ForMainSession();
                LiveReaderWarmUp.ForSamplerWindows();
                long warmed = JitInfo.GetCompiledMethodCount(currentThread: true);

                var tallies = new LiveTallies();
                tallies.Read(new MemoryStream(other, writable: false));
                new WindowSamples().Read(new MemoryStream(other, writable: false));
                compiledAfter = JitInfo.GetCompiledMethodCount(currentThread: true) - warmed;
                Assert.Equal(LiveTallies.Kinds, tallies.KindsRead);

                // The control: code this thread has never run is counted.
                long beforeControl = JitInfo.GetCompiledMethodCount(currentThread: true);
                NeverCalledElsewhere();
                controlCompiled = JitInfo.GetCompiledMethodCount(currentThread: true) - beforeControl;
            }
#pragma warning disable CA1031 // Reported on the test's thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        });
        reader.Start();
        reader.Join();

        Assert.Null(failure);
        Assert.True(controlCompiled > 0, "the runtime counted no JIT compilation on the thread: the count proves nothing here");
        Assert.Equal(0, compiledAfter);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int NeverCalledElsewhere() => Environment.ProcessorCount + 1;
}
