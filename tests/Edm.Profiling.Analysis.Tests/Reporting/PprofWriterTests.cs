using System.IO.Compression;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Reporting.Pprof;
using Edm.Profiling.Analysis.Tests.Reporting.Support;

namespace Edm.Profiling.Analysis.Tests.Reporting;

/// <summary>
/// The pprof export read back with the message types generated from profile.proto (the node test
/// PprofImportTests reads it with an independent decoder): exact stacks and values for known sessions,
/// the header pprof's tools rely on, and totals for a recorded session.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class PprofWriterTests
{
    [Fact]
    public void Each_call_tree_path_is_one_sample_leaf_first_with_calls_wall_self_and_allocated_bytes()
    {
        Profile profile = Write(SampleSessions.Exact());
        Assert.Equal(["calls/count", "wall/nanoseconds", "self/nanoseconds", "alloc_space/bytes"], Types(profile));
        Assert.Equal(
            [
                ("App.Main()", "1 10000 10000 0"),
                ("App.Parse(String) < App.Main()", "2 45000 45000 0"),
                ("App.Lex;Scan < App.Parse(String) < App.Main()", "4 15000 15000 0"),
                ("App.Emit() < App.Main()", "1 30000 30000 4096"),
            ],
            Samples(profile));
        Assert.All(profile.Sample, s => Assert.Equal("probe", Label(profile, s)));
    }

    [Fact]
    public void The_header_is_what_pprof_tools_expect()
    {
        Profile profile = Write(SampleSessions.Exact());
        Assert.Equal("", profile.StringTable[0]);
        Assert.Equal("wall", profile.StringTable[(int)profile.DefaultSampleType]);
        Assert.Equal(("wall", "nanoseconds"), (profile.StringTable[(int)profile.PeriodType.Type], profile.StringTable[(int)profile.PeriodType.Unit]));
        Assert.Equal(1, profile.Period); // probes measure every nanosecond
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000, profile.TimeNanos);
        Assert.Equal(1_000_000, profile.DurationNanos);
        Assert.Contains("Edm.Profiling session exact", profile.Comment.Select(c => profile.StringTable[(int)c]));

        // Ids are nonzero and unique, every reference resolves, every sample has one value per type.
        Mapping mapping = Assert.Single(profile.Mapping);
        Assert.True(mapping.Id != 0 && mapping.HasFunctions && mapping.HasFilenames && mapping.HasLineNumbers);
        Assert.Equal(profile.Location.Count, profile.Location.Select(l => l.Id).Where(id => id != 0).Distinct().Count());
        Assert.Equal(profile.Function.Count, profile.Function.Select(f => f.Id).Where(id => id != 0).Distinct().Count());
        var functions = profile.Function.Select(f => f.Id).ToHashSet();
        Assert.All(profile.Location, l => Assert.Equal(mapping.Id, l.MappingId));
        Assert.All(profile.Location, l => Assert.Contains(Assert.Single(l.Line).FunctionId, functions));
        var locations = profile.Location.Select(l => l.Id).ToHashSet();
        Assert.All(profile.Sample, s => Assert.All(s.LocationId, id => Assert.Contains(id, locations)));
        Assert.All(profile.Sample, s => Assert.Equal(profile.SampleType.Count, s.Value.Count));
        Assert.Equal(profile.StringTable.Count, profile.StringTable.Distinct().Count());
    }

    [Fact]
    public void With_the_sampler_on_half_the_time_a_sample_stands_for_twice_the_interval()
    {
        SessionReport session = SampleSessions.WithCpuSamples();
        Profile profile = Write(session with { CpuSamples = session.CpuSamples! with { Duty = 0.5, Windows = 4 } });
        Assert.Equal(2_000, profile.Period);
        long split = profile.Sample.Single(s => profile.StringTable[(int)profile.Function.Single(f => f.Id == profile.Location.Single(l => l.Id == s.LocationId[0]).Line[0].FunctionId).Name] == "System.String.Split(wchar)").Value[3];
        Assert.Equal(30_000, split); // 15 samples × 1 µs ÷ 0.5
    }

    [Fact]
    public void Cpu_samples_add_a_cpu_type_and_the_sampled_frames_below_their_probe_and_outside_probes()
    {
        SessionReport session = SampleSessions.WithCpuSamples();
        Profile profile = Write(session);
        Assert.Equal(["calls/count", "wall/nanoseconds", "self/nanoseconds", "cpu/nanoseconds", "alloc_space/bytes"], Types(profile));
        Assert.Equal(1_000, profile.Period);
        Assert.Equal(
            [
                ("App.Main()", "1 10000 10000 0 0"),
                ("App.Parse(String) < App.Main()", "2 25000 45000 0 0"), // wall: 45 µs exact self minus 20 samples × 1 µs
                ("Lib.Tokenize(class System.String) < App.Parse(String) < App.Main()", "0 5000 0 5000 0"),
                ("System.String.Split(wchar) < Lib.Tokenize(class System.String) < App.Parse(String) < App.Main()", "0 15000 0 15000 0"),
                ("App.Lex;Scan < App.Parse(String) < App.Main()", "4 15000 15000 0 0"),
                ("App.Emit() < App.Main()", "1 30000 30000 0 4096"),
                ("App.Loop() < Main() < (outside probes)", "0 8000 0 8000 0"), // Main()'s 100 waiting samples are left out, as in the flame graphs
            ],
            Samples(profile));
        Assert.Equal(["probe", "probe", "sampled", "sampled", "probe", "probe", "sampled"], profile.Sample.Select(s => Label(profile, s)));

        // The wall type is the folded export's weights; the sampled frame carries its file and hottest line.
        long folded = new FoldedStackWriter().WriteToString(ReportContent.Of(session)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(folded, profile.Sample.Sum(s => s.Value[1]));
        Location tokenize = profile.Location.Single(l => Name(profile, l) == "Lib.Tokenize(class System.String)");
        Function function = profile.Function.Single(f => f.Id == tokenize.Line[0].FunctionId);
        Assert.Equal(("/src/Lib/Tokenizer.cs", 42L), (profile.StringTable[(int)function.Filename], tokenize.Line[0].Line_));
    }

    [Fact]
    public void A_recorded_session_adds_up_to_its_totals_and_names_the_probes_files_and_lines()
    {
        SessionReport session = SampleSessions.WithTimeline;
        Profile profile = Write(session);
        List<string> types = Types(profile);
        long Sum(string type) => profile.Sample.Sum(s => s.Value[types.IndexOf(type)]);
        Assert.Equal(session.CallTree.Sum(n => n.Calls), Sum("calls/count"));
        Assert.Equal(session.CallTree.Sum(n => n.SelfNs), Sum("self/nanoseconds"));
        Assert.Equal(session.CallTree.Sum(n => n.SelfNs), Sum("wall/nanoseconds"));
        Assert.Equal(session.CallTree.Sum(n => n.SelfAllocatedBytes ?? 0), Sum("alloc_space/bytes"));
        Assert.True(Sum("alloc_space/bytes") >= 1024, "the Detailed scope allocated a 1 KiB array");
        Assert.Equal(session.CallTree.Count(n => n.Calls > 0 || n.SelfNs > 0), profile.Sample.Count);

        Function analyze = profile.Function.Single(f => profile.StringTable[(int)f.Name] == "Edm.Tracks.Analyzer.Analyze(String)");
        Assert.Equal(("src/Analyzer.cs", 12L), (profile.StringTable[(int)analyze.Filename], analyze.StartLine));
        // Names that are markup or hold separators are kept as they are: pprof escapes nothing.
        Assert.Contains(profile.Function, f => profile.StringTable[(int)f.Name] == SampleSessions.AwkwardName);
    }

    [Fact]
    public void Allocation_samples_add_an_estimated_bytes_type_weighing_the_probe_paths_and_the_allocation_stacks_below()
    {
        const long KiB = SampleSessions.KiB;
        SessionReport session = SampleSessions.WithAllocationSamples();
        Profile profile = Write(session);
        Assert.Equal(["calls/count", "wall/nanoseconds", "self/nanoseconds", "alloc_space/bytes", "alloc_sampled_space/bytes"], Types(profile));
        Assert.Equal(
            [
                // The exact samples of the call-tree paths carry no estimate...
                ("App.Main()", "1 10000 10000 0 0"),
                ("App.Parse(String) < App.Main()", "2 45000 45000 0 0"),
                ("App.Lex;Scan < App.Parse(String) < App.Main()", "4 15000 15000 0 0"),
                ("App.Emit() < App.Main()", "1 30000 30000 4096 0"),
                // ...each path's own estimated bytes and each allocation-stack frame's are samples of their own.
                ("App.Main()", $"0 0 0 0 {50 * KiB}"),
                ("App.Parse(String) < App.Main()", $"0 0 0 0 {100 * KiB}"),
                ("Lib.Tokenize(class System.String) < App.Parse(String) < App.Main()", $"0 0 0 0 {200 * KiB}"),
                ("System.String.Split(wchar) < Lib.Tokenize(class System.String) < App.Parse(String) < App.Main()", $"0 0 0 0 {300 * KiB}"),
                ("App.Emit() < App.Main()", $"0 0 0 0 {250 * KiB}"),
                ("App.Loop() < (outside probes)", $"0 0 0 0 {100 * KiB}"),
            ],
            Samples(profile));
        Assert.Equal(session.AllocationSamples!.EstimatedBytes, profile.Sample.Sum(s => s.Value[4]));
        Assert.Equal(["probe", "probe", "probe", "probe", "sampled", "sampled", "sampled", "sampled", "sampled", "sampled"], profile.Sample.Select(s => Label(profile, s)));

        // A probe frame is one location whichever sample type reaches it; an allocation frame carries its file.
        Assert.Single(profile.Function, f => profile.StringTable[(int)f.Name] == "App.Parse(String)");
        Function tokenize = profile.Function.Single(f => profile.StringTable[(int)f.Name] == "Lib.Tokenize(class System.String)");
        Assert.Equal("/src/Lib/Tokenizer.cs", profile.StringTable[(int)tokenize.Filename]);
        Assert.DoesNotContain("alloc_sampled_space", Types(Write(SampleSessions.Exact())).Select(t => t.Split('/')[0]));
    }

    [Fact]
    public void The_binary_format_is_gzipped_written_atomically_and_never_as_text()
    {
        var writer = ReportWriters.For(ReportFormat.Pprof);
        Assert.IsType<PprofWriter>(writer);
        Assert.True(ReportFormat.Pprof.IsBinary());
        Assert.Throws<NotSupportedException>(() => writer.WriteToString(ReportContent.Of(SampleSessions.Exact())));

        string directory = Directory.CreateTempSubdirectory("edm-pprof-").FullName;
        try
        {
            string path = Path.Combine(directory, "out" + ReportFormat.Pprof.FileExtension());
            writer.WriteFile(ReportContent.Of(SampleComparisons.Exact()), path); // a comparison: its current session
            byte[] first = File.ReadAllBytes(path);
            Assert.Equal([0x1f, 0x8b], first[..2]);
            Assert.Contains("App.LoadAsync()", Read(first).StringTable);

            Assert.Throws<ArgumentException>(() => writer.WriteFile(new ReportContent(), path));
            Assert.Equal(first, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Profile Write(SessionReport session)
    {
        using var bytes = new MemoryStream();
        ((IReportWriter)new PprofWriter()).Write(ReportContent.Of(session), bytes);
        return Read(bytes.ToArray());
    }

    private static Profile Read(byte[] file)
    {
        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        return Profile.Parser.ParseFrom(gzip);
    }

    private static List<string> Types(Profile profile) =>
        [.. profile.SampleType.Select(t => $"{profile.StringTable[(int)t.Type]}/{profile.StringTable[(int)t.Unit]}")];

    /// <summary>Each sample as its stack (leaf first) and its values.</summary>
    private static List<(string Stack, string Values)> Samples(Profile profile) =>
        [.. profile.Sample.Select(s => (
            string.Join(" < ", s.LocationId.Select(id => Name(profile, profile.Location.Single(l => l.Id == id)))),
            string.Join(' ', s.Value)))];

    private static string Name(Profile profile, Location location) =>
        profile.StringTable[(int)profile.Function.Single(f => f.Id == location.Line[0].FunctionId).Name];

    private static string Label(Profile profile, Sample sample)
    {
        Label label = Assert.Single(sample.Label);
        Assert.Equal("source", profile.StringTable[(int)label.Key]);
        return profile.StringTable[(int)label.Str];
    }
}
