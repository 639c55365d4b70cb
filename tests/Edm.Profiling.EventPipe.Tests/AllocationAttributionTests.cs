namespace Edm.Profiling.EventPipe.Tests;

/// <summary>Allocation attribution on made-up weighted stacks: exact figures, so every rule of <see cref="AllocationAttribution"/> shows.</summary>
public sealed class AllocationAttributionTests
{
    private const string Interceptor = "Edm.Profiling.Generated.<Work>F0__WorkInterceptors.";

    // Probes: 0 Outer, 1 Inner. Call tree: 0 Outer (root) → 1 Inner.
    private static readonly SessionReport s_report = new()
    {
        Name = "allocations",
        Environment = new EnvironmentInfo(),
        Settings = new SessionSettings(),
        Probes = [new ProbeInfo { Id = 0, Name = "App.Work.Outer()" }, new ProbeInfo { Id = 1, Name = "App.Work.Inner(int)" }],
        CallTree =
        [
            new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1 },
            new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 1, Calls = 3 },
        ],
    };

    private static AllocationSamples Attribute(params (string[] Frames, int[] Lines, string Type, double Bytes, double Objects, long Events)[] stacks)
    {
        var events = new AllocationEvents([]) { Source = AllocationTally.SampledSource, MeanIntervalBytes = 102_400 };
        var ids = new Dictionary<string, int>();
        foreach ((string[] frames, int[] lines, string type, double bytes, double objects, long count) in stacks)
        {
            int[] frameIds = [.. frames.Select(f =>
            {
                if (!ids.TryGetValue(f, out int id))
                {
                    ids[f] = id = events.Frames.Count;
                    string module = f.StartsWith("System.", StringComparison.Ordinal) ? "System.Private.CoreLib"
                        : f.StartsWith("Edm.Profiling.Profil", StringComparison.Ordinal) ? "Edm.Profiling"
                        : "App";
                    events.Frames.Add(new StackFrame(f, module, module == "App" ? "/src/Work.cs" : null));
                }

                return id;
            })];
            events.Stacks.Add(new AllocationStack(frameIds, lines.Length == 0 ? new int[frames.Length] : lines, type, bytes, objects, count));
            events.Events += count;
        }

        return AllocationAttribution.Attribute(s_report, events, CpuSampleMerge.InProcess);
    }

    private static readonly string[] s_inner = ["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", Interceptor + "InnerProbed(int32)", "App.Work.Inner(int32)"];

    [Fact]
    public void What_the_profilers_runtime_allocates_outside_probes_is_the_profilers_site_and_frame()
    {
        // The session starting on the program's thread allocates through the framework; the program allocates beside it.
        AllocationSamples samples = Attribute(
            (["Main()", "Edm.Profiling.ProfilingSession..ctor(string)", "System.Collections.Generic.List`1.Grow(int32)"], [5, 50, 0], "System.Object[]", 200_000, 10, 2),
            (["Main()", "App.Setup()"], [11, 50], "System.Byte[]", 50_000, 1, 1));

        Assert.Equal([(StackPlacement.ProfilerFrame, (int?)null, 200_000L), ("App.Setup()", 50, 50_000L)], samples.Sites.Select(s => (s.Method, s.Line, s.EstimatedBytes)));
        Assert.Null(samples.Sites[0].File);
        AllocationNode profiler = Assert.Single(samples.Nodes, n => samples.Frames[n.FrameId].Name == StackPlacement.ProfilerFrame);
        Assert.Equal((200_000L, 200_000L), (profiler.EstimatedBytes, profiler.SelfEstimatedBytes));
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Edm.Profiling.", StringComparison.Ordinal) || f.Name.Contains("List`1", StringComparison.Ordinal));
    }

    [Fact]
    public void Types_sites_probes_paths_and_nodes_add_up_the_weights()
    {
        AllocationSamples samples = Attribute(
            // Inner allocates byte[] itself at line 30 (3 events, 300 KB) ...
            ([.. s_inner], [10, 0, 20, 0, 30], "System.Byte[]", 300_000, 3, 3),
            // ... and strings through the framework: the site is Inner's line 31, the node is the framework frame.
            ([.. s_inner, "System.String.Concat(string,string)"], [10, 0, 20, 0, 31, 0], "System.String", 200_000, 5_000, 2),
            // Outer allocates a Foo in a helper of its own.
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", "App.Work.MakeFoo()"], [10, 0, 21, 40], "App.Foo", 100_000, 1_000, 1),
            // Outside any probe.
            (["Main()", "App.Setup()"], [11, 50], "System.Byte[]", 50_000, 1, 1));

        Assert.Equal((650_000L, 6_004L, 7L), (samples.EstimatedBytes, samples.EstimatedObjects, samples.Events));
        Assert.Equal(
            [("System.Byte[]", 350_000L, 4L, 4L), ("System.String", 200_000L, 5_000L, 2L), ("App.Foo", 100_000L, 1_000L, 1L)],
            samples.Types.Select(t => (t.Name, t.EstimatedBytes, t.EstimatedObjects, t.Events)));

        Assert.Equal(
            [("App.Work.Inner(int32)", 30, "System.Byte[]", 300_000L), ("App.Work.Inner(int32)", 31, "System.String", 200_000L),
             ("App.Work.MakeFoo()", 40, "App.Foo", 100_000L), ("App.Setup()", 50, "System.Byte[]", 50_000L)],
            samples.Sites.Select(s => (s.Method, s.Line!.Value, s.TopType!, s.EstimatedBytes)));
        Assert.All(samples.Sites, s => Assert.Equal("/src/Work.cs", s.File));

        // Outer is on every probed stack (inclusive), innermost only for MakeFoo (self); Inner is innermost on its own.
        ProbeAllocations outer = Assert.Single(samples.Probes, p => p.ProbeId == 0);
        Assert.Equal((600_000L, 100_000L), (outer.EstimatedBytes, outer.SelfEstimatedBytes));
        Assert.Equal(["System.Byte[]", "System.String", "App.Foo"], outer.TopTypes.Select(t => t.Name));
        ProbeAllocations inner = Assert.Single(samples.Probes, p => p.ProbeId == 1);
        Assert.Equal((500_000L, 500_000L), (inner.EstimatedBytes, inner.SelfEstimatedBytes));
        Assert.Equal([30, 31], inner.TopSites.Select(s => s.Line!.Value));
        Assert.Equal(0, samples.Probes[0].ProbeId); // largest first

        Assert.Equal(
            [((int?)0, 100_000L, "App.Foo"), (1, 500_000L, "System.Byte[]"), (null, 50_000L, "System.Byte[]")],
            samples.Paths.Select(p => (p.CallTreeNodeId, p.EstimatedBytes, p.TopType!)));

        AllocationNode concat = Assert.Single(samples.Nodes, n => samples.Frames[n.FrameId].Name.StartsWith("System.String.Concat", StringComparison.Ordinal));
        Assert.Equal((1, (int?)null, 200_000L, 200_000L, "System.String"), (concat.CallTreeNodeId, concat.ParentId, concat.EstimatedBytes, concat.SelfEstimatedBytes, concat.TopType!));
        AllocationNode main = Assert.Single(samples.Nodes, n => samples.Frames[n.FrameId].Name == "Main()");
        AllocationNode setup = Assert.Single(samples.Nodes, n => n.ParentId == main.Id);
        Assert.Equal((null, 50_000L, 0L, null), (main.CallTreeNodeId, main.EstimatedBytes, main.SelfEstimatedBytes, main.TopType));
        Assert.Equal((50_000L, 50_000L), (setup.EstimatedBytes, setup.SelfEstimatedBytes));
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Edm.Profiling.Generated.", StringComparison.Ordinal) || f.Name.StartsWith("App.Work.Inner", StringComparison.Ordinal));
    }

    [Fact]
    public void A_site_is_the_innermost_frame_of_the_program_and_a_framework_only_stack_falls_back_to_its_innermost_frame()
    {
        AllocationSamples samples = Attribute(
            (["App.Run()", "System.Collections.Generic.List`1[System.Int32].Grow(int32)"], [7, 0], "System.Int32[]", 1_000, 1, 1),
            (["System.Threading.Thread.StartCallback()", "System.Text.StringBuilder.ToString()"], [0, 0], "System.String", 500, 2, 1));

        Assert.Equal([("App.Run()", (int?)7), ("System.Text.StringBuilder.ToString()", null)], samples.Sites.Select(s => (s.Method, s.Line)));
        Assert.Null(samples.Sites[1].File);
    }

    [Fact]
    public void An_allocation_in_a_probed_method_inlined_into_its_interceptor_is_sited_at_that_method()
    {
        AllocationSamples samples = Attribute(
            (["Main()", Interceptor + "OuterProbed()", Interceptor + "InnerProbed(int32)"], [10, 5, 6], "System.Byte[]", 1_000, 1, 1));

        AllocationSite site = Assert.Single(samples.Sites);
        Assert.Equal(("App.Work.Inner(int)", (int?)null), (site.Method, site.Line)); // the probe's name; the line is the generated file's, so unknown
        Assert.Equal(1, Assert.Single(samples.Paths).CallTreeNodeId);
    }

    [Fact]
    public void Recursion_counts_a_probe_once_and_the_section_passes_the_session_validator()
    {
        SessionReport report = s_report with
        {
            Probes = [new ProbeInfo { Id = 0, Name = "App.Work.Outer()" }],
            CallTree = [new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1 }, new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 0, Calls = 1 }],
        };
        var events = new AllocationEvents([new StackFrame(Interceptor + "OuterProbed()", "App", null), new StackFrame("App.Work.Outer()", "App", "/src/Work.cs"), new StackFrame("App.Leaf()", "App", "/src/Work.cs")])
        {
            Source = AllocationTally.SampledSource,
            MeanIntervalBytes = 102_400,
        };
        events.Stacks.Add(new AllocationStack([0, 1, 0, 1, 2], [0, 3, 0, 3, 9], "App.Node", 1_000, 10, 1));
        AllocationSamples samples = AllocationAttribution.Attribute(report, events, CpuSampleMerge.InProcess);

        ProbeAllocations probe = Assert.Single(samples.Probes);
        Assert.Equal((1_000L, 1_000L), (probe.EstimatedBytes, probe.SelfEstimatedBytes));
        Assert.Equal(1, Assert.Single(samples.Paths).CallTreeNodeId);

        SessionReport withSection = report with { AllocationSamples = samples };
        Assert.Equal(withSection, SessionJson.Deserialize(SessionJson.Serialize(withSection)));
    }
}
