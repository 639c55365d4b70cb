using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary>
/// Rolling sessions (<see cref="SessionOptions.FlushInterval"/>): interval files of the calls completed in each
/// interval, calls in flight carried to the next, rotation, and failures that never reach the program.
/// The timer is set to an hour; the tests cut intervals themselves.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class RollingSessionTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    [Fact]
    public void Each_interval_holds_the_calls_completed_in_it_and_a_call_in_flight_counts_where_it_completes()
    {
        using var directory = new TempDirectory();
        using ManualClock clock = ManualClock.Install();
        int probe = ProbeHarness.Register("RollingWork");
        int outer = ProbeHarness.Register("RollingOuter");
        ProfilingSession session = Profiler.StartSession("rolling", Options(directory.Path));
        Call(probe, clock, 1_000, times: 3);

        // Outer is in flight across the first cut: it belongs to the second interval, with its whole duration.
        ProbeFrame frame = Probe.Enter(outer);
        Call(probe, clock, 1_000, times: 1);
        session.Rolling!.Flush(last: false);
        Call(probe, clock, 2_000, times: 2);
        Probe.Exit(ref frame);
        SessionReport whole = session.Stop();

        SessionReport[] intervals = Read(directory);
        Assert.Equal(2, intervals.Length);
        Assert.Equal(4, Calls(intervals[0], probe));
        Assert.Equal(0, Calls(intervals[0], outer));
        Assert.Equal(2, Calls(intervals[1], probe));
        Assert.Equal(1, Calls(intervals[1], outer));
        Assert.Equal(5_000, intervals[1].Method(outer).InclusiveNs);
        Assert.Equal(4_000, intervals[1].Method(probe).TotalNs);
        Assert.InRange(intervals[1].Method(probe).MinNs, 2_000 - (2_000 / 32), 2_000); // read from the interval's histogram: within 1/32
        Assert.Equal(whole.Method(probe).Calls, intervals.Sum(i => Calls(i, probe)));
        Assert.Equal(whole.Method(probe).TotalNs, intervals.Sum(i => i.Method(probe).TotalNs));
        Assert.Equal(whole.CallTree.Where(n => n.ProbeId == probe).Sum(n => n.Calls), intervals.Sum(i => i.CallTree.Where(n => n.ProbeId == probe).Sum(n => n.Calls)));

        SessionInterval first = intervals[0].Interval!, second = intervals[1].Interval!;
        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal((1, false), (first.Index, first.Last));
        Assert.Equal((2, true), (second.Index, second.Last));
        Assert.Equal(first.EndedAt, intervals[1].StartedAt);
        Assert.Equal(session.StartedAt, first.RunStartedAt);
        Assert.Null(intervals[1].Timeline);
    }

    [Fact]
    public void Durations_taken_in_during_an_interval_are_its_sample()
    {
        using var directory = new TempDirectory();
        using ManualClock clock = ManualClock.Install();
        int probe = ProbeHarness.Register("RollingSamples");
        ProfilingSession session = Profiler.StartSession("rolling-samples", Options(directory.Path) with { SampleReservoirSize = 100 });
        Call(probe, clock, 1_000, times: 5);
        session.Rolling!.Flush(last: false);
        Call(probe, clock, 3_000, times: 4);
        session.Stop();

        SessionReport[] intervals = Read(directory);
        Assert.Equal([1_000, 1_000, 1_000, 1_000, 1_000], intervals[0].Method(probe).Samples!.DurationsNs);
        Assert.Equal([3_000, 3_000, 3_000, 3_000], intervals[1].Method(probe).Samples!.DurationsNs);
        Assert.Equal(4, intervals[1].Method(probe).Samples!.Population);
    }

    [Fact]
    public void With_a_file_cap_only_the_newest_interval_files_remain()
    {
        using var directory = new TempDirectory();
        int probe = ProbeHarness.Register("RollingRotation");
        ProfilingSession session = Profiler.StartSession("rolling-rotation", Options(directory.File("service.json")) with { MaxFiles = 2 });
        for (int i = 0; i < 4; i++)
        {
            ProbeHarness.Call(probe, () => { });
            session.Rolling!.Flush(last: false);
        }

        session.Stop();
        string[] names = [.. directory.Files().Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(["service-000004.json", "service-000005.json"], names);
        Assert.Equal([4, 5], Read(directory).Select(r => r.Interval!.Index));
    }

    [Fact]
    public void An_interval_that_cannot_be_written_leaves_no_file_and_its_calls_go_to_the_next_with_a_warning()
    {
        using var directory = new TempDirectory();
        int probe = ProbeHarness.Register("RollingFullDisk");
        ProfilingSession session = Profiler.StartSession("rolling-full-disk", Options(directory.Path));
        ProbeHarness.Call(probe, () => { });
        ProbeHarness.Call(probe, () => { });

        var stderr = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(stderr);
        try
        {
            // A disk that fills up half-way through the write.
            using (RollingSessionWriter.OverrideWriter((report, path) => AtomicFile.Write(path, stream => SessionJson.Write(report, new FullDiskStream(stream, 200)))))
            {
                session.Rolling!.Flush(last: false);
                session.Rolling!.Flush(last: false);
            }
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Empty(directory.Files()); // neither the interval nor a temporary file
        ProbeHarness.Call(probe, () => { });
        session.Stop();

        SessionReport interval = Assert.Single(Read(directory));
        Assert.Equal(3, Calls(interval, probe));
        Assert.Equal(1, interval.Interval!.Index);
        Assert.Contains(interval.Warnings, w => w.Contains("interval 1 could not be written", StringComparison.Ordinal) && w.Contains("No space left", StringComparison.Ordinal));
        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines); // the first failure of the streak only
        Assert.StartsWith("edm-profiling: interval 1 could not be written", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_that_throws_anything_never_reaches_the_program()
    {
        using var directory = new TempDirectory();
        int probe = ProbeHarness.Register("RollingBuggyWriter");
        ProfilingSession session = Profiler.StartSession("rolling-buggy-writer", Options(directory.Path));
        ProbeHarness.Call(probe, () => { });
        TextWriter original = Console.Error;
        Console.SetError(TextWriter.Null);
        try
        {
            using (RollingSessionWriter.OverrideWriter((_, _) => throw new InvalidCastException("bug")))
            {
                session.Rolling!.Flush(last: false);
                SessionReport whole = session.Stop(); // the last interval fails too: reported, not thrown
                Assert.Equal(1, whole.Method(probe).Calls);
            }
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Empty(directory.Files());
    }

    [Fact]
    public void A_flush_interval_of_zero_or_without_an_output_is_a_warning_and_no_interval_is_written()
    {
        using var directory = new TempDirectory();
        SessionReport zero;
        using (ProfilingSession session = Profiler.StartSession("rolling-zero", new SessionOptions { FlushInterval = TimeSpan.Zero, IntervalOutput = directory.Path }))
        {
            Assert.Null(session.Rolling);
            zero = session.Stop();
        }

        Assert.Contains(zero.Warnings, w => w.Contains("not positive", StringComparison.Ordinal));
        using (ProfilingSession session = Profiler.StartSession("rolling-no-output", new SessionOptions { FlushInterval = Never }))
        {
            Assert.Contains(session.Stop().Warnings, w => w.Contains("without an interval output", StringComparison.Ordinal));
        }

        Assert.Empty(directory.Files());
    }

    [Fact]
    public void Interval_files_read_back_equal_and_follow_the_schema()
    {
        using var directory = new TempDirectory();
        int probe = ProbeHarness.Register("RollingSchema", Layer.Detailed);
        ProfilingSession session = Profiler.StartSession("rolling-schema", Options(directory.Path));
        ProbeHarness.Call(probe, () => GC.KeepAlive(new byte[100]));
        session.Stop();

        string file = Assert.Single(directory.Files());
        SessionReport report = SessionJson.ReadFile(file);
        Assert.Equal(report, SessionJson.Deserialize(SessionJson.Serialize(report)));
        SessionSchema.AssertValid(File.ReadAllText(file));
        Assert.NotNull(report.Method(probe).Allocations);
    }

    private static SessionOptions Options(string output) =>
        new() { FlushInterval = Never, IntervalOutput = output, Calibrate = false, AdaptiveTiming = false };

    private static void Call(int probe, ManualClock clock, long ns, int times)
    {
        for (int i = 0; i < times; i++)
        {
            ProbeHarness.Call(probe, () => clock.Advance(ns));
        }
    }

    private static long Calls(SessionReport report, int probe) => report.MaybeMethod(probe)?.Calls ?? 0;

    private static SessionReport[] Read(TempDirectory directory) =>
        [.. directory.Files().Order(StringComparer.Ordinal).Select(SessionJson.ReadFile)];

    /// <summary>A stream that takes so many bytes, then fails as a full disk does.</summary>
    private sealed class FullDiskStream(Stream inner, int capacity) : Stream
    {
        private int _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_written + count > capacity)
            {
                inner.Write(buffer, offset, Math.Max(0, capacity - _written));
                throw new IOException("No space left on device");
            }

            inner.Write(buffer, offset, count);
            _written += count;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
