namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The rehearsal of a session's stop (<see cref="StopPathRehearsal"/>) runs the real naming and attribution
/// code: its made-up allocation comes out named through the PDB, under its probe, weighed as one sampled object;
/// its made-up CPU sample counts on that probe's path, at the PDB's line.
/// </summary>
public sealed class StopPathRehearsalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edm-rehearsal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void With_EDM_PROFILING_STOP_REHEARSAL_1_a_process_wide_session_with_allocation_sampling_rehearses_its_stop_and_keeps_nothing_of_it()
    {
        string path = Path.Combine(_folder, "process.json");
        var environment = new Dictionary<string, string>
        {
            ["EDM_PROFILING_OUTPUT"] = path,
            ["EDM_PROFILING_BACKENDS"] = AllocationSamplingBackend.BackendName,
            ["EDM_PROFILING_TRACE_TIMING"] = "1",
            ["EDM_PROFILING_STOP_REHEARSAL"] = "1",
        };
        var (exitCode, _, error) = Programs.Run(environment, Programs.Fixture, "process");
        Assert.True(exitCode == 0, error);
        Assert.Contains("rehearsal (reader thread, while the program runs) ", error, StringComparison.Ordinal);

        // The workload may end before the session, opened off its thread, has seen an allocation: the check
        // is that the rehearsal's made-up allocation, type and frames are not in the session.
        AllocationSamples samples = SessionJson.ReadFile(path).AllocationSamples!;
        Assert.DoesNotContain(samples.Types, t => t.Name == StopPathRehearsal.TypeName);
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Rehearsal.", StringComparison.Ordinal) || f.Name == StopPathRehearsal.InterceptorName);
    }

    [Fact]
    public void With_EDM_PROFILING_STOP_REHEARSAL_1_a_process_wide_session_with_cpu_sampling_rehearses_its_stop_and_keeps_nothing_of_it()
    {
        string path = Path.Combine(_folder, "cpu.json");
        var environment = new Dictionary<string, string>
        {
            ["EDM_PROFILING_OUTPUT"] = path,
            ["EDM_PROFILING_BACKENDS"] = CpuSamplingBackend.BackendName,
            ["EDM_PROFILING_TRACE_TIMING"] = "1",
            ["EDM_PROFILING_STOP_REHEARSAL"] = "1",
        };
        var (exitCode, _, error) = Programs.Run(environment, Programs.Fixture, "process");
        Assert.True(exitCode == 0, error);
        Assert.Contains("rehearsal (reader thread, while the program runs) ", error, StringComparison.Ordinal);

        SessionReport report = SessionJson.ReadFile(path);
        Assert.Null(report.AllocationSamples);
        CpuSamples samples = report.CpuSamples!;
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Rehearsal.", StringComparison.Ordinal) || f.Name == StopPathRehearsal.InterceptorName);
        Assert.DoesNotContain(report.Probes, p => p.Name == StopPathRehearsal.ProbeName);
    }

    /// <summary>
    /// By default the rehearsal runs as the process begins to exit, on a thread of its own, and the exiting thread then
    /// compiles little of the naming and attribution code; with <c>EDM_PROFILING_STOP_REHEARSAL=0</c> there is no rehearsal
    /// and the exiting thread compiles it all (the control: the count can fail). The counts are the trace timing line's,
    /// the runtime's JIT compilations on the thread of each phase.
    /// </summary>
    [Fact]
    public void By_default_the_stop_is_rehearsed_as_the_process_exits_so_the_exiting_thread_compiles_less_than_unrehearsed()
    {
        var (ahead, aheadError) = ExitRun("ahead.json", rehearsal: null);
        Assert.Contains("rehearsal (its own thread, as the stop began) ", aheadError, StringComparison.Ordinal);
        AllocationSamples samples = ahead.AllocationSamples!;
        Assert.DoesNotContain(samples.Types, t => t.Name == StopPathRehearsal.TypeName);
        Assert.DoesNotContain(samples.Frames, f => f.Name.StartsWith("Rehearsal.", StringComparison.Ordinal) || f.Name == StopPathRehearsal.InterceptorName);

        var (cold, coldError) = ExitRun("cold.json", rehearsal: "0");
        Assert.DoesNotContain("rehearsal", coldError, StringComparison.Ordinal);
        Assert.NotNull(cold.AllocationSamples);

        long aheadCompiled = CompiledAtStop(aheadError);
        long coldCompiled = CompiledAtStop(coldError);
        Assert.True(coldCompiled > 200, $"unrehearsed, the exiting thread compiled only {coldCompiled} methods: the comparison proves nothing");
        Assert.True(aheadCompiled * 2 < coldCompiled, $"rehearsed ahead, the exiting thread compiled {aheadCompiled} methods, unrehearsed {coldCompiled}");
    }

    private (SessionReport Report, string Error) ExitRun(string file, string? rehearsal)
    {
        string path = Path.Combine(_folder, file);
        var environment = new Dictionary<string, string>
        {
            ["EDM_PROFILING_OUTPUT"] = path,
            ["EDM_PROFILING_BACKENDS"] = AllocationSamplingBackend.BackendName,
            ["EDM_PROFILING_TRACE_TIMING"] = "1",
        };
        if (rehearsal is not null)
        {
            environment["EDM_PROFILING_STOP_REHEARSAL"] = rehearsal;
        }

        var (exitCode, _, error) = Programs.Run(environment, Programs.Fixture, "process");
        Assert.True(exitCode == 0, error);
        Assert.Contains("edm-profiling trace timing: ", error, StringComparison.Ordinal);
        return (SessionJson.ReadFile(path), error);
    }

    /// <summary>The methods the exiting thread compiled naming the stacks and attributing the allocations (the timing line's counts).</summary>
    private static long CompiledAtStop(string timingLine)
    {
        long total = 0;
        foreach (string phase in new[] { "name stacks", AllocationSamplingBackend.BackendName })
        {
            System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(timingLine, System.Text.RegularExpressions.Regex.Escape(phase) + @" \d+ ms \((\d+) methods compiled");
            Assert.True(m.Success, $"no '{phase}' phase in: {timingLine}");
            total += long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }

    [Fact]
    public void The_rehearsal_names_its_stack_through_the_PDB_and_attributes_its_allocation_to_its_probe()
    {
        StopPathRehearsal.Sections sections = StopPathRehearsal.Run(cpu: false, allocations: true);
        Assert.Null(sections.Cpu);
        AllocationSamples samples = sections.Allocations!;

        long bytes = (long)Math.Round(AllocationEstimator.Sampled(StopPathRehearsal.ObjectBytes).Bytes);
        Assert.Equal((1L, bytes), (samples.Events, samples.EstimatedBytes));
        AllocatedType type = Assert.Single(samples.Types);
        Assert.Equal((StopPathRehearsal.TypeName, bytes), (type.Name, type.EstimatedBytes));

        // The site is the probed method, its line read from this assembly's PDB (the line of StopPathRehearsal.Allocate).
        AllocationSite site = Assert.Single(samples.Sites);
        Assert.Equal(StopPathRehearsal.ProbeName, site.Method);
        Assert.EndsWith("StopPathRehearsal.cs", site.File, StringComparison.Ordinal);
        AssertIsTheLineOfAllocate(site.Line!.Value);

        // Under the probe of the one-node call tree, with the caller outside it.
        ProbeAllocations probe = Assert.Single(samples.Probes);
        Assert.Equal((0, bytes, bytes), (probe.ProbeId, probe.EstimatedBytes, probe.SelfEstimatedBytes));
        Assert.Equal(bytes, Assert.Single(samples.Paths, p => p.CallTreeNodeId == 0).EstimatedBytes);
    }

    [Fact]
    public void The_rehearsal_counts_its_CPU_sample_on_its_probes_path_at_the_line_the_PDB_gives()
    {
        StopPathRehearsal.Sections sections = StopPathRehearsal.Run(cpu: true, allocations: false);
        Assert.Null(sections.Allocations);
        CpuSamples samples = sections.Cpu!;

        Assert.Equal((1L, 0L), (samples.RunningSamples, samples.WaitingSamples));
        SampledPath path = Assert.Single(samples.Paths);
        Assert.Equal((0, 1L), (path.CallTreeNodeId, path.RunningSamples));
        SampledLine line = Assert.Single(path.Lines!);
        Assert.Equal(1L, line.Samples);
        AssertIsTheLineOfAllocate(line.Line);
    }

    /// <summary>
    /// <paramref name="line"/> is the line of <c>StopPathRehearsal.Allocate</c>: the PDB's path is mapped (/_/…)
    /// in CI builds, so the source is read from the repository.
    /// </summary>
    private static void AssertIsTheLineOfAllocate(int line)
    {
        string[] source = File.ReadAllLines(RepositoryFile("src/Edm.Profiling.EventPipe/StopPathRehearsal.cs"));
        Assert.Contains("Allocate()", source[line - 1], StringComparison.Ordinal);
    }

    /// <summary>A file of the repository, found from the folder holding Instrumentation.sln above the test's output.</summary>
    private static string RepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Instrumentation.sln")))
            {
                return Path.Combine(directory.FullName, relativePath);
            }
        }

        throw new InvalidOperationException("Instrumentation.sln not found above " + AppContext.BaseDirectory);
    }
}
