namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The sampling fixture run for real: in-process (the cpu-sampling backend) and out-of-process
/// (<c>edm-prof run --sample</c>) must give the same attribution. Each run takes a few seconds.
/// </summary>
public sealed class FixtureSamplingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edm-sampling-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SessionReport RunInProcess(string mode = "in-process", IReadOnlyDictionary<string, string>? environment = null)
    {
        string path = Path.Combine(_folder, mode + ".json");
        var (exitCode, _, error) = Programs.Run(environment, Programs.Fixture, mode, path);
        Assert.True(exitCode == 0, error);
        return SessionJson.ReadFile(path);
    }

    [Fact]
    public void In_process_sampling_attributes_the_fixture_inside_and_between_probes()
    {
        SessionReport report = RunInProcess();
        Assert.Equal(CpuSampleMerge.InProcess, report.CpuSamples!.Mode);
        Assert.Equal([new BackendStatus { Name = "cpu-sampling", Ran = true }], report.Backends!);
        FixtureAttribution.AssertShape(report);
        // The sampler's own threads are the profiler at work, not the program: left out.
        Assert.DoesNotContain(report.CpuSamples.Frames, f => f.Name.StartsWith("Edm.Profiling.EventPipe.", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_process_sampling_by_edm_prof_gives_the_same_attribution_and_keeps_the_trace()
    {
        var (exitCode, _, error) = Programs.RunSampledFromOutside(_folder, Programs.EdmProf, "run", "--keep-trace", "--quiet", "--out", _folder, "--", "dotnet", Programs.Fixture, "process");
        Assert.True(exitCode == 0, error);
        string session = Assert.Single(Directory.GetFiles(_folder, "*.json"));
        string trace = Assert.Single(Directory.GetFiles(_folder, "*.nettrace"));
        Assert.Equal(Path.ChangeExtension(session, ".nettrace"), trace);
        Assert.Contains("trace: ", error, StringComparison.Ordinal);

        SessionReport report = SessionJson.ReadFile(session);
        Assert.Equal(CpuSampleMerge.OutOfProcess, report.CpuSamples!.Mode);
        Assert.Equal(CpuSampleMerge.OutOfProcess, report.AllocationSamples!.Mode); // --sample records allocations too
        FixtureAttribution.AssertShape(report);
    }

    [Fact]
    public void Samples_in_precompiled_CoreLib_code_the_rundown_does_not_name_are_named_by_their_method()
    {
        // ReadClock's loop reads the clock in a finally block, so its samples stop in CoreLib's precompiled
        // P/Invoke stub Interop+Sys.GetTimestamp: ReadyToRun code that neither the JIT events nor the
        // rundown name (TraceEvent alone calls it "[native code] System.Private.CoreLib.dll").
        SessionReport report = RunInProcess("precompiled");
        Assert.Equal(CpuSampleMerge.InProcess, report.CpuSamples!.Mode);
        FixtureAttribution.AssertPrecompiledShape(report);
    }

    [Fact]
    public void Out_of_process_precompiled_code_and_native_code_are_named_through_the_childs_map_copied_while_it_ran()
    {
        // The child has exited when edm-prof converts its trace: its map is the copy taken while it ran.
        var (exitCode, _, error) = Programs.RunSampledFromOutside(_folder, Programs.EdmProf, "run", "--sample", "--quiet", "--out", _folder, "--", "dotnet", Programs.Fixture, "precompiled-process");
        Assert.True(exitCode == 0, error);
        SessionReport report = SessionJson.ReadFile(Assert.Single(Directory.GetFiles(_folder, "*.json")));
        Assert.Equal(CpuSampleMerge.OutOfProcess, report.CpuSamples!.Mode);
        FixtureAttribution.AssertPrecompiledShape(report);
    }

    [Fact]
    public void The_childs_map_copied_while_it_ran_names_its_native_code_by_file_after_it_exited()
    {
        // Native code in a traced child's stacks is named through its map, and the child has exited by the time its
        // trace is converted: the copy taken while it ran must name the child's native libraries at the child's
        // addresses. The child prints where two native functions are, once the sampler is on (its start signal).
        // (Which samples carry native frames is up to the runtime: on .NET 10 sampled and allocation stacks start at
        // managed code, so a workload cannot be made to produce one; the copy is checked on known addresses.)
        // The watch promises a copy at most LongestInterval apart: the child lives that long (and a margin) after it
        // printed, so a copy taken after it loaded both libraries exists whatever the machine's speed. A child that
        // exited sooner could leave a library mapped after the first copy unnamed, as ProcessMapWatch documents.
        if (!OperatingSystem.IsLinux())
        {
            return; // no map to copy elsewhere: ChildProcessSampler.ProcessMap is null
        }

        string signal = Path.Combine(_folder, Programs.StartSignalFile);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment[Programs.StartSignalVariable] = signal;
        start.ArgumentList.Add(Programs.Fixture);
        start.ArgumentList.Add("native-addresses");
        start.ArgumentList.Add(((int)(ProcessMapWatch.LongestInterval + TimeSpan.FromMilliseconds(500)).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));

        using System.Diagnostics.Process child = System.Diagnostics.Process.Start(start)!;
        using var sampler = ChildProcessSampler.Attach(child.Id, Path.Combine(_folder, "child.nettrace"), TimeSpan.FromSeconds(30));
        File.WriteAllText(signal, "");
        string[] addresses = child.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Equal(0, child.ExitCode);
        sampler.Finish();

        NativeModuleMap map = Assert.IsType<NativeModuleMap>(sampler.ProcessMap);
        Assert.Equal("libc.so.6", map.NameOf(ulong.Parse(addresses[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("libSystem.Native.so", map.NameOf(ulong.Parse(addresses[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(NativeModuleMap.OfProcess(child.Id)); // the child is gone: only the copy can name its code now
    }

    [Fact]
    public void Two_sampled_sessions_one_after_the_other_in_one_process_both_attribute()
    {
        string first = Path.Combine(_folder, "first.json"), second = Path.Combine(_folder, "second.json");
        var (exitCode, _, error) = Programs.Run(null, Programs.Fixture, "twice", first, second);
        Assert.True(exitCode == 0, error);
        FixtureAttribution.AssertShape(SessionJson.ReadFile(first));
        FixtureAttribution.AssertShape(SessionJson.ReadFile(second));
    }

    [Fact]
    public void A_sampled_session_that_calls_no_probe_has_only_the_outside_root()
    {
        SessionReport report = RunInProcess("no-probes");
        Assert.Empty(report.CallTree);
        CpuSamples samples = report.CpuSamples!;
        Assert.All(samples.Paths, p => Assert.Null(p.CallTreeNodeId));
        Assert.Contains(samples.Nodes, n => samples.Frames[n.FrameId].Name.Contains("TopLevelLoop", StringComparison.Ordinal) && n.RunningSamples > 0);
    }

    [Fact]
    public void The_process_wide_session_opens_its_trace_off_the_programs_thread_and_samples_what_follows()
    {
        // EDM_PROFILING_OUTPUT's session starts at the first probe (Outer) and opens the EventPipe session on
        // the reader thread while the program runs on; the top-level loop, 0.7 s later, must be sampled.
        string path = Path.Combine(_folder, "process.json");
        var environment = new Dictionary<string, string>
        {
            ["EDM_PROFILING_OUTPUT"] = path,
            ["EDM_PROFILING_BACKENDS"] = CpuSamplingBackend.BackendName,
            ["EDM_PROFILING_SAMPLING_DUTY"] = "1", // continuous: the check counts samples of a 300 ms loop
        };
        var (exitCode, _, error) = Programs.Run(environment, Programs.Fixture, "process");
        Assert.True(exitCode == 0, error);

        SessionReport report = SessionJson.ReadFile(path);
        Assert.Equal([new BackendStatus { Name = "cpu-sampling", Ran = true }], report.Backends!);
        CpuSamples samples = report.CpuSamples!;
        Assert.Equal(CpuSampleMerge.InProcess, samples.Mode);
        Assert.Contains(samples.Nodes, n => samples.Frames[n.FrameId].Name.Contains("TopLevelLoop", StringComparison.Ordinal) && n.RunningSamples > 0);
        Assert.Null(samples.Duty); // sampled all along
    }

    [Fact]
    public void Sampling_in_windows_charges_the_samples_to_the_probe_and_records_the_duty()
    {
        // Spinning runs HotLoop for 1.5 s inside its probe, the sampler on a quarter of the time in 50 ms
        // windows (mean gap 150 ms): some seven windows fall inside it, none with a chance of about e^-10.
        SessionReport report = RunInProcess("windowed");
        CpuSamples samples = report.CpuSamples ?? throw new Xunit.Sdk.XunitException("no cpuSamples; warnings: " + string.Join(" | ", report.Warnings));
        Assert.Equal([new BackendStatus { Name = "cpu-sampling", Ran = true }], report.Backends!);
        Assert.True(samples.Duty is > 0 and < 1, $"duty {samples.Duty}");
        Assert.True(samples.Windows >= 1, $"windows {samples.Windows}");

        CallTreeNode spinning = Assert.Single(report.CallTree, n => report.FindProbe(n.ProbeId)!.Name.Contains("Workload.Spinning", StringComparison.Ordinal));
        SampledPath path = Assert.Single(samples.Paths, p => p.CallTreeNodeId == spinning.Id);
        Assert.True(path.RunningSamples >= 10, $"Spinning has only {path.RunningSamples} running samples");
        long hot = samples.Nodes.Where(n => n.CallTreeNodeId == spinning.Id && n.ParentId is null && samples.Frames[n.FrameId].Name.Contains("Workload.HotLoop(", StringComparison.Ordinal)).Sum(n => n.RunningSamples);
        Assert.True(hot >= 0.7 * path.RunningSamples, $"HotLoop has {hot} of Spinning's {path.RunningSamples} running samples");
    }

    [Fact]
    public void With_diagnostics_disabled_the_session_is_complete_and_says_why_it_has_no_samples()
    {
        SessionReport report = RunInProcess(environment: new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });
        Assert.Null(report.CpuSamples);
        BackendStatus status = Assert.Single(report.Backends!);
        Assert.False(status.Ran);
        Assert.Contains(report.Warnings, w => w.Contains("Backend 'cpu-sampling' did not start", StringComparison.Ordinal) && w.Contains("DOTNET_EnableDiagnostics=0", StringComparison.Ordinal));
        Assert.Contains(report.Methods, m => report.FindProbe(m.ProbeId)!.Name.Contains("Workload.Outer", StringComparison.Ordinal) && m.Calls == 1);
    }

    [Fact]
    public void Edm_prof_sample_with_diagnostics_disabled_writes_the_session_with_a_warning()
    {
        var (exitCode, _, error) = Programs.Run(
            new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" },
            Programs.EdmProf, "run", "--sample", "--quiet", "--out", _folder, "--", "dotnet", Programs.Fixture, "process");
        Assert.True(exitCode == 0, error);
        SessionReport report = SessionJson.ReadFile(Assert.Single(Directory.GetFiles(_folder, "*.json")));
        Assert.Null(report.CpuSamples);
        Assert.Contains(report.Warnings, w => w.StartsWith("--sample: DOTNET_EnableDiagnostics=0", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_folder, "*.nettrace"));
    }
}
