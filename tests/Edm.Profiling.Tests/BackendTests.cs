using System.Text.Json;
using System.Text.Json.Nodes;
using Edm.Profiling.Tests.Support;
using Json.Schema;

namespace Edm.Profiling.Tests;

/// <summary>
/// The backend contract, proved with fake backends: started and stopped with the session, their
/// section serialised, and a failing one turned into a warning beside an otherwise complete session.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class BackendTests
{
    private static int s_unique;

    /// <summary>A backend name unique to one test, registered with <paramref name="factory"/>.</summary>
    private static string RegisterFake(Func<IProfilerBackend> factory)
    {
        string name = $"fake-{Interlocked.Increment(ref s_unique)}";
        ProfilerBackends.Register(name, factory);
        return name;
    }

    [Fact]
    public void A_backend_is_started_with_the_session_and_stopped_before_it_completes_the_report()
    {
        var fake = new FakeSampler();
        string name = RegisterFake(() => fake);
        int probe = ProbeHarness.Register("BackendOuter");

        ProfilingSession session = Profiler.StartSession("backend-lifecycle", new SessionOptions { Backends = [name] });
        Assert.Equal(["start:backend-lifecycle"], fake.Log);
        ProbeHarness.Call(probe, () => { });
        SessionReport report = session.Stop();

        Assert.Equal(["start:backend-lifecycle", "stop", "complete"], fake.Log);
        Assert.Equal([new BackendStatus { Name = name, Ran = true }], report.Backends!);
        // The fake saw the call tree the probes built, and hung its section from it.
        CallTreeNode node = Assert.Single(report.CallTree, n => report.FindProbe(n.ProbeId)!.Name.Contains("BackendOuter", StringComparison.Ordinal));
        SampledPath path = Assert.Single(report.CpuSamples!.Paths, p => p.CallTreeNodeId is not null);
        Assert.Equal(node.Id, path.CallTreeNodeId);

        session.Stop();
        Assert.Equal(3, fake.Log.Count); // a second Stop returns the same report, and stops nothing again
    }

    [Fact]
    public void A_backend_section_is_serialised_follows_the_schema_and_reads_back_equal()
    {
        string name = RegisterFake(() => new FakeSampler());
        int probe = ProbeHarness.Register("BackendSerialised");
        SessionReport report;
        using (ProfilingSession session = Profiler.StartSession("backend-json", new SessionOptions { Backends = [name] }))
        {
            ProbeHarness.Call(probe, () => { });
            report = session.Stop();
        }

        string json = SessionJson.Serialize(report);
        JsonObject samples = JsonNode.Parse(json)!["cpuSamples"]!.AsObject();
        Assert.Equal("fake", (string?)samples["source"]);
        Assert.Equal(7, (long)samples["runningSamples"]!);
        Assert.Equal("FakeLib.Hot(int)", (string?)samples["frames"]![0]!["name"]);
        Assert.Equal(12, (int)samples["nodes"]![0]!["lines"]![0]!["line"]!);
        EvaluationResults result = SessionSchema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));
        Assert.Equal(report, SessionJson.Deserialize(json));
    }

    [Fact]
    public void A_backend_that_cannot_start_adds_a_warning_and_the_rest_of_the_session_is_complete()
    {
        var healthy = new FakeSampler();
        string failing = RegisterFake(() => new FailingBackend(failIn: "start"));
        string working = RegisterFake(() => healthy);
        int probe = ProbeHarness.Register("BackendSurvivor");

        ProfilingSession session = Profiler.StartSession("backend-failing", new SessionOptions { Backends = [failing, working] });
        ProbeHarness.Call(probe, () => { });
        SessionReport report = session.Stop();

        Assert.Contains(report.Warnings, w => w.Contains($"Backend '{failing}' did not start: InvalidOperationException: diagnostics are disabled", StringComparison.Ordinal));
        Assert.Equal([false, true], report.Backends!.Select(b => b.Ran));
        Assert.NotNull(report.Backends![0].Message);
        Assert.Contains(report.Methods, m => report.FindProbe(m.ProbeId)!.Name.Contains("BackendSurvivor", StringComparison.Ordinal) && m.Calls == 1);
        Assert.NotNull(report.CpuSamples); // the healthy backend still added its section
        Assert.Null(SessionValidator.Validate(report));
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("complete")]
    public void A_backend_that_fails_later_adds_a_warning_and_no_section(string failIn)
    {
        string failing = RegisterFake(() => new FailingBackend(failIn));
        int probe = ProbeHarness.Register("BackendLateFailure");

        ProfilingSession session = Profiler.StartSession("backend-late", new SessionOptions { Backends = [failing] });
        ProbeHarness.Call(probe, () => { });
        SessionReport report = session.Stop();

        Assert.Contains(report.Warnings, w => w.StartsWith($"Backend '{failing}' failed", StringComparison.Ordinal));
        Assert.False(Assert.Single(report.Backends!).Ran);
        Assert.Null(report.CpuSamples);
        Assert.Single(report.Methods, m => report.FindProbe(m.ProbeId)!.Name.Contains("BackendLateFailure", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_backend_name_is_a_warning_naming_the_known_ones()
    {
        using ProfilingSession session = Profiler.StartSession("backend-unknown", new SessionOptions { Backends = ["no-such-backend"] });
        SessionReport report = session.Stop();

        string warning = Assert.Single(report.Warnings);
        Assert.Contains("Backend 'no-such-backend' is unknown", warning, StringComparison.Ordinal);
        Assert.Contains("probes, io", warning, StringComparison.Ordinal);
        Assert.False(Assert.Single(report.Backends!).Ran);
    }

    [Fact]
    public void The_built_in_backends_may_be_named_and_add_no_status()
    {
        using ProfilingSession session = Profiler.StartSession("backend-builtin", new SessionOptions { Backends = ["probes", "IO"] });
        SessionReport report = session.Stop();
        Assert.Null(report.Backends);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void A_session_refused_for_overlapping_starts_none_of_its_backends()
    {
        var fake = new FakeSampler();
        string name = RegisterFake(() => fake);
        using ProfilingSession first = Profiler.StartSession("backend-first");

        Assert.Throws<InvalidOperationException>(() => Profiler.StartSession("backend-second", new SessionOptions { Backends = [name] }));
        Assert.Empty(fake.Log);
    }

    [Fact]
    public void Each_session_gets_a_fresh_backend_so_two_sessions_in_one_process_both_record()
    {
        var created = new List<FakeSampler>();
        string name = RegisterFake(() =>
        {
            var fake = new FakeSampler();
            created.Add(fake);
            return fake;
        });

        for (int i = 0; i < 2; i++)
        {
            using ProfilingSession session = Profiler.StartSession($"backend-twice-{i}", new SessionOptions { Backends = [name] });
            Assert.NotNull(session.Stop().CpuSamples);
        }

        Assert.Equal(2, created.Count);
        Assert.All(created, fake => Assert.Equal(["start:" + fake.SessionName, "stop", "complete"], fake.Log));
    }

    [Fact]
    public void A_snapshot_leaves_the_backends_running_and_without_their_section()
    {
        var fake = new FakeSampler();
        string name = RegisterFake(() => fake);
        using ProfilingSession session = Profiler.StartSession("backend-snapshot", new SessionOptions { Backends = [name] });

        SessionReport snapshot = session.Snapshot();
        Assert.Null(snapshot.CpuSamples);
        Assert.Single(fake.Log);
        Assert.NotNull(session.Stop().CpuSamples);
    }

    [Fact]
    public void The_environment_variable_adds_backends_to_the_options()
    {
        string? saved = Environment.GetEnvironmentVariable(ProfilerBackends.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ProfilerBackends.EnvironmentVariable, " cpu-sampling, , extra,cpu-sampling ");
            SessionOptions options = SessionOptions.FromEnvironment(new SessionOptions { Backends = ["first"] });
            Assert.Equal(["first", "cpu-sampling", "extra"], options.Backends);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProfilerBackends.EnvironmentVariable, saved);
        }
    }

    /// <summary>A sampler that makes up a deterministic section: seven running samples in one frame below the first call-tree node.</summary>
    private sealed class FakeSampler : IProfilerBackend
    {
        internal List<string> Log { get; } = [];

        internal string? SessionName { get; private set; }

        public string Name => "fake";

        public void Start(ProfilingSession session)
        {
            SessionName = session.Name;
            Log.Add("start:" + session.Name);
        }

        public void StopRecording() => Log.Add("stop");

        public SessionReport Complete(SessionReport report)
        {
            Log.Add("complete");
            int? node = report.CallTree.Count > 0 ? report.CallTree[0].Id : null;
            return report with
            {
                CpuSamples = new CpuSamples
                {
                    Source = "fake",
                    Mode = "in-process",
                    IntervalNs = 1_000_000,
                    Threads = 1,
                    RunningSamples = 7,
                    WaitingSamples = 2,
                    Frames = [new SampledFrame { Name = "FakeLib.Hot(int)", Module = "FakeLib", File = "/src/Hot.cs" }],
                    Paths = [new SampledPath { CallTreeNodeId = node, RunningSamples = 7, WaitingSamples = 0 }, new SampledPath { RunningSamples = 0, WaitingSamples = 2 }],
                    Nodes = [new SampledNode { Id = 0, CallTreeNodeId = node, FrameId = 0, RunningSamples = 7, SelfRunningSamples = 7, Lines = [new SampledLine { Line = 12, Samples = 7 }] }],
                },
            };
        }
    }

    private sealed class FailingBackend(string failIn) : IProfilerBackend
    {
        public string Name => "failing";

        public void Start(ProfilingSession session)
        {
            if (failIn == "start")
            {
                throw new InvalidOperationException("diagnostics are disabled\nin this process");
            }
        }

        public void StopRecording()
        {
            if (failIn == "stop")
            {
                throw new IOException("the pipe broke");
            }
        }

        public SessionReport Complete(SessionReport report) =>
            failIn == "complete" ? throw new FormatException("bad trace") : report;
    }
}
