namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// Samples that stopped at the runtime's GC poll (issue 15: 76% of STFT.Compute's running samples were
/// charged to <c>Thread.&lt;PollGC&gt;g__PollGCWorker</c>): charged to the method that polled, in the
/// state the runtime reported, on stacks shaped as the sampler gives them.
/// </summary>
public sealed class GcPollFramesTests
{
    private const string Interceptor = "Edm.Profiling.Generated.<Work>F0__WorkInterceptors.";
    private const string PollGC = "System.Threading.Thread.PollGC()";
    private const string PollGCWorker = "System.Threading.Thread.<PollGC>g__PollGCWorker|67_0()";

    [Theory]
    [InlineData(PollGC, true)]
    [InlineData(PollGCWorker, true)]
    [InlineData("System.Threading.Thread.<PollGC>g__PollGCWorker|68_0()", true)]
    [InlineData("System.Threading.Thread.Sleep(int32)", false)]
    [InlineData("System.Threading.Thread.PollGCLater()", false)]
    [InlineData("App.Thread.PollGC()", false)]
    public void The_poll_and_its_worker_are_told_by_name(string name, bool poll) => Assert.Equal(poll, GcPollFrames.IsPoll(name));

    [Fact]
    public void Poll_frames_on_top_of_a_stack_are_cut_with_the_native_wait_above_them_and_nothing_else()
    {
        Assert.Equal(2, GcPollFrames.KeptLength(["Main()", "Edm.Stft.Compute(float[])", PollGC, PollGCWorker]));
        Assert.Equal(2, GcPollFrames.KeptLength(["Main()", "Edm.Stft.Compute(float[])", PollGCWorker, "[native code] libcoreclr.so"]));
        Assert.Equal(3, GcPollFrames.KeptLength(["Main()", "Edm.Stft.Compute(float[])", "[native code] libSystem.Native.so"])); // native code the program called stays
        Assert.Equal(3, GcPollFrames.KeptLength(["Main()", PollGC, "Edm.Stft.Compute(float[])"])); // a poll below the top is a caller, not where the sample stopped
        Assert.Equal(0, GcPollFrames.KeptLength([PollGCWorker]));
    }

    [Fact]
    public void A_probes_clock_read_stopped_at_the_poll_is_charged_to_the_probe_frame_but_the_methods_own_read_is_kept()
    {
        const string ClockRead = "Interop+Sys.GetTimestamp()";
        const string Stopwatch = "System.Diagnostics.Stopwatch.GetTimestamp()";
        // The README run's case: the probe's exit read in the generated frame, stopped at the poll after the P/Invoke.
        Assert.Equal(2, GcPollFrames.KeptLength(["Main()", Interceptor + "TransformFrameProbed(float[],int32)", ClockRead, PollGC]));
        Assert.Equal(2, GcPollFrames.KeptLength(["Main()", Interceptor + "TransformFrameProbed(float[],int32)", Stopwatch, ClockRead, PollGCWorker, "[native code] libcoreclr.so"]));
        // The program's own clock reads stay: called from its own method, or not stopped at a poll.
        Assert.Equal(3, GcPollFrames.KeptLength(["Main()", "Edm.Timer.Elapsed()", ClockRead, PollGC]));
        Assert.Equal(3, GcPollFrames.KeptLength(["Main()", Interceptor + "TransformFrameProbed(float[],int32)", ClockRead]));
    }

    [Fact]
    public void A_sample_stopped_at_the_poll_is_charged_to_the_method_that_polled_and_keeps_its_state()
    {
        var report = new SessionReport
        {
            Name = "gc-poll",
            Environment = new EnvironmentInfo(),
            Settings = new SessionSettings(),
            Probes = [new ProbeInfo { Id = 0, Name = "Edm.Stft.Analyze()" }],
            CallTree = [new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1 }],
        };
        string[] below = ["Main()", Interceptor + "AnalyzeProbed()", "Edm.Stft.Analyze()", "Edm.Stft.Compute(float[])"];
        var stacks = new SampledStacks { IntervalNs = 1_000_000, Threads = 1 };
        Add(stacks, [.. below], running: true, count: 24);
        Add(stacks, [.. below, PollGC, PollGCWorker], running: true, count: 76);
        Add(stacks, [.. below, PollGCWorker, "[native code] libcoreclr.so"], running: false, count: 3);
        Add(stacks, ["Main()", "App.Loop()", PollGCWorker], running: true, count: 5);

        CpuSamples samples = SampleAttribution.Attribute(report, stacks, CpuSampleMerge.InProcess);

        string Name(SampledNode n) => samples.Frames[n.FrameId].Name;
        Assert.DoesNotContain(samples.Nodes, n => GcPollFrames.IsPoll(Name(n)) || Name(n).StartsWith("[native code]", StringComparison.Ordinal));
        SampledNode compute = Assert.Single(samples.Nodes, n => Name(n) == "Edm.Stft.Compute(float[])");
        Assert.Equal((100L, 100L, 3L, 3L), (compute.RunningSamples, compute.SelfRunningSamples, compute.WaitingSamples, compute.SelfWaitingSamples));
        SampledNode loop = Assert.Single(samples.Nodes, n => Name(n) == "App.Loop()");
        Assert.Equal((5L, 5L), (loop.RunningSamples, loop.SelfRunningSamples));
        Assert.Equal((105L, 3L), (samples.RunningSamples, samples.WaitingSamples)); // no sample is lost
    }

    private static void Add(SampledStacks stacks, string[] names, bool running, long count)
    {
        int[] ids = [.. names.Select(name =>
        {
            int id = stacks.Frames.FindIndex(f => f.Name == name);
            if (id < 0)
            {
                id = stacks.Frames.Count;
                stacks.Frames.Add(new StackFrame(name, "App", null));
            }

            return id;
        })];
        stacks.Stacks.Add(new SampledStack(ids, new int[names.Length], running, count));
    }
}
