namespace Edm.Profiling.EventPipe.Tests;

/// <summary>Attribution on made-up stacks: exact counts, so every rule of <see cref="SampleAttribution"/> shows.</summary>
public sealed class SampleAttributionTests
{
    private const string Interceptor = "Edm.Profiling.Generated.<Work>F0__WorkInterceptors.";

    // Probes: 0 Outer, 1 Inner. Call tree: 0 Outer (root) → 1 Inner; 2 Inner (root, called alone).
    private static readonly SessionReport s_report = new()
    {
        Name = "attribution",
        Environment = new EnvironmentInfo(),
        Settings = new SessionSettings(),
        Probes = [new ProbeInfo { Id = 0, Name = "App.Work.Outer()" }, new ProbeInfo { Id = 1, Name = "App.Work.Inner(int)" }],
        CallTree =
        [
            new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1 },
            new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 1, Calls = 3 },
            new CallTreeNode { Id = 2, ProbeId = 1, Calls = 1 },
        ],
    };

    private static CpuSamples Attribute(params (string[] Frames, int[] Lines, bool Running, long Count)[] stacks) =>
        Attribute(null, stacks);

    private static CpuSamples Attribute(double? duty, params (string[] Frames, int[] Lines, bool Running, long Count)[] stacks)
    {
        var sampled = new SampledStacks { IntervalNs = 1_000_000, Threads = 1, Duty = duty, Windows = duty is null ? null : 12 };
        var ids = new Dictionary<string, int>();
        foreach ((string[] frames, int[] lines, bool running, long count) in stacks)
        {
            int[] frameIds = [.. frames.Select(f =>
            {
                if (!ids.TryGetValue(f, out int id))
                {
                    ids[f] = id = sampled.Frames.Count;
                    // The profiler's runtime and its command-line package are modules of their own, as in a real trace.
                    string module = f.StartsWith("Edm.Profiling.Probe", StringComparison.Ordinal) || f.StartsWith("Edm.Profiling.Profil", StringComparison.Ordinal) ? "Edm.Profiling"
                        : f.StartsWith("Edm.Profiling.CommandLine.", StringComparison.Ordinal) ? "Edm.Profiling.CommandLine"
                        : "App";
                    sampled.Frames.Add(new StackFrame(f, module, f.StartsWith("App.", StringComparison.Ordinal) ? "/src/Work.cs" : null));
                }

                return id;
            })];
            sampled.Stacks.Add(new SampledStack(frameIds, lines.Length == 0 ? new int[frames.Length] : lines, running, count));
        }

        return SampleAttribution.Attribute(s_report, sampled, CpuSampleMerge.InProcess);
    }

    private static string FrameName(CpuSamples samples, SampledNode node) => samples.Frames[node.FrameId].Name;

    [Fact]
    public void Frames_below_the_innermost_probe_hang_from_its_path_and_the_interceptors_and_probed_method_are_left_out()
    {
        CpuSamples samples = Attribute(
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", Interceptor + "InnerProbed(int32)", "App.Work.Inner(int32)", "App.Math.Hot(int32)"], [10, 0, 20, 0, 30, 40], true, 7),
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", "System.Threading.Thread.Sleep(int32)"], [10, 0, 21, 0], false, 5));

        SampledPath inner = Assert.Single(samples.Paths, p => p.CallTreeNodeId == 1);
        Assert.Equal((7, 0), (inner.RunningSamples, inner.WaitingSamples));
        Assert.Equal([new SampledLine { Line = 30, Samples = 7 }], inner.Lines!);
        SampledPath outer = Assert.Single(samples.Paths, p => p.CallTreeNodeId == 0);
        Assert.Equal((0, 5), (outer.RunningSamples, outer.WaitingSamples));

        SampledNode hot = Assert.Single(samples.Nodes, n => FrameName(samples, n) == "App.Math.Hot(int32)");
        Assert.Equal((1, (int?)null, 7L, 7L), (hot.CallTreeNodeId, hot.ParentId, hot.RunningSamples, hot.SelfRunningSamples));
        Assert.Equal(40, Assert.Single(hot.Lines!).Line);
        SampledNode sleep = Assert.Single(samples.Nodes, n => FrameName(samples, n).Contains("Sleep", StringComparison.Ordinal));
        Assert.Equal((0, 0L, 5L, 5L), (sleep.CallTreeNodeId, sleep.RunningSamples, sleep.WaitingSamples, sleep.SelfWaitingSamples));
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Edm.Profiling.Generated.", StringComparison.Ordinal) || f.Name.StartsWith("App.Work.", StringComparison.Ordinal) || f.Name == "Main()");
        Assert.Equal((7, 5), (samples.RunningSamples, samples.WaitingSamples));
    }

    [Fact]
    public void Samples_taken_in_windows_keep_their_counts_and_carry_the_duty_that_scales_their_estimates()
    {
        // The same stacks taken continuously and at a quarter duty: counts alike, estimates four times the continuous ones.
        (string[], int[], bool, long)[] stacks =
        [
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", "App.Math.Hot(int32)"], [10, 0, 20, 40], true, 30),
            (["Main()", "App.Idle()"], [10, 5], false, 10),
        ];
        CpuSamples continuous = Attribute(stacks);
        CpuSamples windowed = Attribute(0.25, stacks);

        Assert.Null(continuous.Duty);
        Assert.Null(continuous.Windows);
        Assert.Equal((0.25, 12), (windowed.Duty, windowed.Windows));
        Assert.Equal(continuous.Nodes, windowed.Nodes);
        Assert.Equal(continuous.Paths, windowed.Paths);
        SampledNode hot = Assert.Single(windowed.Nodes, n => FrameName(windowed, n) == "App.Math.Hot(int32)");
        Assert.Equal(30_000_000, continuous.EstimateNs(hot.RunningSamples)); // 30 samples × 1 ms
        Assert.Equal(120_000_000, windowed.EstimateNs(hot.RunningSamples)); // ÷ 0.25: the sampler saw a quarter of the time
        Assert.Equal(160_000_000, windowed.EstimateNs(windowed.RunningSamples + windowed.WaitingSamples));
    }

    [Fact]
    public void A_stack_without_a_probe_goes_under_outside_probes_whole()
    {
        CpuSamples samples = Attribute((["Main()", "App.Loop()", "App.Spin()"], [], true, 4));

        SampledPath outside = Assert.Single(samples.Paths);
        Assert.Null(outside.CallTreeNodeId);
        Assert.Equal(4, outside.RunningSamples);
        Assert.Equal(["Main()", "App.Loop()", "App.Spin()"], samples.Nodes.Select(n => FrameName(samples, n)));
        Assert.All(samples.Nodes, n => Assert.Null(n.CallTreeNodeId));
        Assert.Equal([null, 0, 1], samples.Nodes.Select(n => n.ParentId));
        Assert.Equal([0L, 0L, 4L], samples.Nodes.Select(n => n.SelfRunningSamples));
    }

    [Fact]
    public void A_probe_follows_the_call_tree_from_its_parent_path_and_falls_back_to_the_probes_root_path()
    {
        CpuSamples samples = Attribute(
            // Inner alone: the root path 2, not Outer's child 1.
            (["Main()", Interceptor + "InnerProbed(int32)", "App.Work.Inner(int32)"], [], true, 3),
            // Inner under Outer: path 1.
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", Interceptor + "InnerProbed(int32)", "App.Work.Inner(int32)"], [], true, 2));

        Assert.Equal(3, Assert.Single(samples.Paths, p => p.CallTreeNodeId == 2).RunningSamples);
        Assert.Equal(2, Assert.Single(samples.Paths, p => p.CallTreeNodeId == 1).RunningSamples);
        Assert.Empty(samples.Nodes); // the samples stopped in the probed methods' own bodies
    }

    [Fact]
    public void Samples_in_the_probes_own_code_are_the_enclosing_paths_own_and_name_no_frame()
    {
        // Inner's probe at work under Outer: entering, leaving (and what Exit calls), and leaving after Inner
        // was inlined into its interceptor. None of it is Outer's code, nor Inner's: no frame, Outer's own samples.
        CpuSamples samples = Attribute(
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", Interceptor + "InnerProbed(int32)", "Edm.Profiling.Probe.Enter(int32)"], [10, 0, 20, 0, 0], true, 2),
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", Interceptor + "InnerProbed(int32)", "Edm.Profiling.Probe.Exit(valuetype Edm.Profiling.ProbeFrame&)", "System.Diagnostics.Stopwatch.GetTimestamp()"], [10, 0, 20, 0, 127, 0], true, 3),
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", "App.Math.Hot(int32)", Interceptor + "InnerProbed(int32)", "Edm.Profiling.Probe.Exit(valuetype Edm.Profiling.ProbeFrame&)"], [10, 0, 21, 40, 0, 127], false, 4));

        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Edm.Profiling.", StringComparison.Ordinal) || f.Name.Contains("Stopwatch", StringComparison.Ordinal));
        SampledPath outer = Assert.Single(samples.Paths);
        Assert.Equal((0, 5L, 4L), (outer.CallTreeNodeId, outer.RunningSamples, outer.WaitingSamples));
        Assert.Equal([new SampledLine { Line = 20, Samples = 5 }, new SampledLine { Line = 21, Samples = 4 }], outer.Lines!);
        // Below Outer, the one frame of the program the last stack passed through, where that sample stopped.
        SampledNode hot = Assert.Single(samples.Nodes);
        Assert.Equal(("App.Math.Hot(int32)", (int?)0, 4L), (FrameName(samples, hot), hot.CallTreeNodeId, hot.SelfWaitingSamples));
    }

    [Fact]
    public void A_probe_called_outside_any_probe_puts_its_own_code_under_outside_probes_as_its_callers_sample()
    {
        CpuSamples samples = Attribute(
            (["Main()", Interceptor + "OuterProbed()", "Edm.Profiling.Probe.Exit(valuetype Edm.Profiling.ProbeFrame&)"], [], true, 3));

        SampledPath outside = Assert.Single(samples.Paths);
        Assert.Null(outside.CallTreeNodeId);
        SampledNode main = Assert.Single(samples.Nodes);
        Assert.Equal(("Main()", 3L), (FrameName(samples, main), main.SelfRunningSamples));
    }

    [Fact]
    public void The_profilers_runtime_at_work_outside_probes_is_one_profiler_frame_below_the_programs_callers()
    {
        // The session starting and stopping on the program's thread (the README run showed it as
        // ".ctor (ProfilingSession.cs:50)", 17% of (outside probes)), beside the program's own loop.
        CpuSamples samples = Attribute(
            (["Main()", "Edm.Profiling.Profiler.StartSession(string,class Edm.Profiling.SessionOptions)", "Edm.Profiling.ProfilingSession..ctor(string,class Edm.Profiling.SessionOptions)", "System.Diagnostics.Metrics.Meter..ctor(string)"], [5, 60, 50, 0], true, 6),
            (["Main()", "Edm.Profiling.ProfilingSession.Stop()"], [9, 120], false, 2),
            (["Main()", "App.Loop()"], [7, 3], true, 3));

        SampledPath outside = Assert.Single(samples.Paths);
        Assert.Equal(((int?)null, 9L, 2L), (outside.CallTreeNodeId, outside.RunningSamples, outside.WaitingSamples));
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Edm.Profiling.", StringComparison.Ordinal) || f.Name.Contains("Meter", StringComparison.Ordinal));
        SampledNode main = Assert.Single(samples.Nodes, n => FrameName(samples, n) == "Main()");
        SampledNode profiler = Assert.Single(samples.Nodes, n => FrameName(samples, n) == StackPlacement.ProfilerFrame);
        Assert.Equal((main.Id, 6L, 2L, 6L, 2L), (profiler.ParentId, profiler.RunningSamples, profiler.WaitingSamples, profiler.SelfRunningSamples, profiler.SelfWaitingSamples));
        Assert.Null(profiler.Lines); // it stands for several frames: none of their lines is its
        Assert.Equal("Edm.Profiling", samples.Frames[profiler.FrameId].Module);
        Assert.Equal(3, Assert.Single(samples.Nodes, n => FrameName(samples, n) == "App.Loop()").SelfRunningSamples);
    }

    [Fact]
    public void The_program_run_by_the_command_line_package_stays_the_programs_and_the_session_it_starts_is_the_profilers()
    {
        // Edm.Profiling.CommandLine calls the program's command: its frames are the program's host, not the profiler at work.
        const string Action = "Edm.Profiling.CommandLine.ProfilingAction.Invoke(class ParseResult)";
        CpuSamples samples = Attribute(
            (["Main()", Action, "App.Command.Run()", "App.Math.Hot(int32)"], [], true, 5),
            (["Main()", Action, "Edm.Profiling.ProfilingSession.Stop()", "System.IO.File.WriteAllText(string,string)"], [], true, 2));

        Assert.Equal(5, Assert.Single(samples.Nodes, n => FrameName(samples, n) == "App.Math.Hot(int32)").SelfRunningSamples);
        SampledNode action = Assert.Single(samples.Nodes, n => FrameName(samples, n) == Action);
        SampledNode profiler = Assert.Single(samples.Nodes, n => FrameName(samples, n) == StackPlacement.ProfilerFrame);
        Assert.Equal((action.Id, 2L), (profiler.ParentId, profiler.SelfRunningSamples));
        Assert.DoesNotContain(samples.Frames, f => f.Name.Contains("File.WriteAllText", StringComparison.Ordinal));
    }

    [Fact]
    public void The_profilers_runtime_called_from_a_probed_methods_body_is_a_profiler_frame_under_its_path()
    {
        // Outer's body calls the runtime itself (a session, a scope): not an interceptor's probe at work, so no
        // cut at the interceptor, but not Outer's code either.
        CpuSamples samples = Attribute(
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", "Edm.Profiling.Profiler.StartSession(string)"], [10, 0, 22, 40], true, 4),
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", "App.Math.Hot(int32)"], [10, 0, 23, 41], true, 1));

        SampledPath outer = Assert.Single(samples.Paths);
        Assert.Equal((0, 5L), (outer.CallTreeNodeId, outer.RunningSamples));
        Assert.Equal([new SampledLine { Line = 22, Samples = 4 }, new SampledLine { Line = 23, Samples = 1 }], outer.Lines!); // the body's lines that called them
        SampledNode profiler = Assert.Single(samples.Nodes, n => FrameName(samples, n) == StackPlacement.ProfilerFrame);
        Assert.Equal(((int?)0, (int?)null, 4L), (profiler.CallTreeNodeId, profiler.ParentId, profiler.SelfRunningSamples));
    }

    [Fact]
    public void A_probed_method_inlined_into_its_interceptor_is_known_by_the_interceptors_name()
    {
        // Outer's body was inlined into OuterProbed: the next frame is a callee, not App.Work.Outer().
        CpuSamples samples = Attribute(
            (["Main()", Interceptor + "OuterProbed()", "App.Math.Hot(int32)"], [10, 77, 40], true, 6),
            (["Main()", Interceptor + "OuterProbed()"], [10, 78], true, 2));

        SampledPath outer = Assert.Single(samples.Paths, p => p.CallTreeNodeId == 0);
        Assert.Equal(8, outer.RunningSamples);
        Assert.Null(outer.Lines); // the interceptor's lines are the generated file's, not Outer's
        SampledNode hot = Assert.Single(samples.Nodes);
        Assert.Equal(("App.Math.Hot(int32)", (int?)0, 6L), (FrameName(samples, hot), hot.CallTreeNodeId, hot.SelfRunningSamples));
    }

    [Fact]
    public void A_pool_worker_spinning_for_work_is_waiting_and_one_spinning_in_the_programs_code_is_running()
    {
        string[] idle = ["System.Threading.Thread.StartCallback()", "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart()", "System.Threading.LowLevelLifoSemaphore.Wait(int32,bool)"];
        CpuSamples samples = Attribute(
            ([.. idle, "System.Threading.LowLevelSpinWaiter.Wait(int32,int32,bool)"], [], true, 9),
            ([.. idle, "System.Threading.LowLevelSpinWaiter.Wait(int32,int32,bool)", "System.Threading.Thread.SpinWait(int32)"], [], true, 2),
            // Optimised code inlines the spinner into the semaphore's wait.
            (idle, [], true, 4),
            // The program's own spin: running, as the sampler said.
            (["Main()", "App.Spin()", "System.Threading.Thread.SpinWait(int32)"], [], true, 5),
            // A pool worker running the program's work item: running.
            ([.. idle[..2], "App.Work.Item()"], [], true, 3));

        Assert.Equal((8L, 15L), (samples.RunningSamples, samples.WaitingSamples));
        SampledNode spinner = Assert.Single(samples.Nodes, n => FrameName(samples, n).StartsWith("System.Threading.LowLevelSpinWaiter", StringComparison.Ordinal));
        Assert.Equal((0L, 11L, 9L), (spinner.RunningSamples, spinner.WaitingSamples, spinner.SelfWaitingSamples));
        SampledNode wait = Assert.Single(samples.Nodes, n => FrameName(samples, n).StartsWith("System.Threading.LowLevelLifoSemaphore.Wait", StringComparison.Ordinal));
        Assert.Equal((0L, 15L, 4L), (wait.RunningSamples, wait.WaitingSamples, wait.SelfWaitingSamples));
        SampledNode own = Assert.Single(samples.Nodes, n => FrameName(samples, n) == "App.Spin()");
        Assert.Equal(5, own.RunningSamples);
    }

    [Fact]
    public void The_attributed_section_passes_the_session_validator()
    {
        CpuSamples samples = Attribute(
            (["Main()", Interceptor + "OuterProbed()", "App.Work.Outer()", "App.Math.Hot(int32)"], [1, 0, 2, 3], true, 3),
            (["Main()", "App.Idle()"], [], false, 9));
        SessionReport report = s_report with { CpuSamples = samples };
        // Deserialize runs the validator: ids resolvable, parents first, self within total.
        Assert.Equal(report, SessionJson.Deserialize(SessionJson.Serialize(report)));
    }
}
