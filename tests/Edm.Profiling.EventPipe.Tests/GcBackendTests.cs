using System.Text.Json.Nodes;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The gc backend run for real in the sampling fixture (<c>gc</c> mode): <see cref="FixtureGcCollections"/>
/// induced gen-2 collections inside a scope, after the profiled <c>Workload.Outer</c>.
/// </summary>
public sealed class GcBackendTests : IDisposable
{
    /// <summary>Workload.GcCollections in the fixture.</summary>
    private const int FixtureGcCollections = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("edm-gc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SessionReport RunFixture(IReadOnlyDictionary<string, string>? environment = null, params string[] dotnetOptions)
    {
        string path = Path.Combine(_folder, "gc.json");
        var (exitCode, _, error) = Programs.Run(environment, [.. dotnetOptions, Programs.Fixture, "gc", path]);
        Assert.True(exitCode == 0, error);
        return SessionJson.ReadFile(path); // the reader validates the file, gc section included
    }

    [Fact]
    public void Induced_collections_in_a_scope_are_recorded_with_their_reason_pause_and_heap_and_the_series_ascends()
    {
        SessionReport report = RunFixture();
        Assert.Equal([new BackendStatus { Name = GcBackend.BackendName, Ran = true }], report.Backends!);
        GcActivity gc = report.Gc!;
        Assert.Equal("eventlistener", gc.Source);

        List<GcEvent> induced = [.. gc.Collections.Where(c => c.Generation == 2 && c.Reason == "Induced")];
        Assert.True(induced.Count >= FixtureGcCollections, $"{induced.Count} induced gen-2 collections, expected {FixtureGcCollections} or more");
        Assert.All(induced, c =>
        {
            Assert.Equal("NonConcurrent", c.Type);
            Assert.True(c.PauseNs > 0, $"collection {c.Number} has no pause");
            Assert.InRange(c.StartNs, 0, report.DurationNs);
            Assert.NotNull(c.HeapAfter);
            Assert.NotNull(c.PromotedBytes);
        });
        Assert.Equal([.. gc.Collections.Select(c => c.Number).Order()], gc.Collections.Select(c => c.Number));

        // The scope's induced collections happened after Outer started: the timeline and the events share one clock.
        Assert.All(induced.TakeLast(FixtureGcCollections), c => Assert.True(c.StartNs > 0));

        // A point after every collection (per generation) and the timer's readings (working set), ascending.
        Assert.True(gc.HeapSeries.Count(p => p.Generations is not null) >= induced.Count);
        Assert.True(gc.HeapSeries.Count(p => p.WorkingSetBytes is > 0) >= 2, "the readings at the start and the end of the window");
        Assert.Equal(0, gc.HeapSeries[0].AtNs);
        Assert.Equal(report.DurationNs, gc.HeapSeries[^1].AtNs);
        for (int i = 1; i < gc.HeapSeries.Count; i++)
        {
            Assert.True(gc.HeapSeries[i].AtNs >= gc.HeapSeries[i - 1].AtNs, $"heapSeries[{i}] is earlier than the point before it");
        }

        // The scope (Detailed by default) has its heap delta; the probes ran as ever.
        Assert.Equal(1, report.FindMethod("fixture.collect")!.HeapDelta!.Calls);
        Assert.Contains(report.Methods, m => report.FindProbe(m.ProbeId)!.Name.Contains("Workload.Outer", StringComparison.Ordinal) && m.Calls == 1);
    }

    [Fact]
    public void With_diagnostics_disabled_the_listener_still_records_every_induced_collection()
    {
        // DOTNET_EnableDiagnostics=0 closes the diagnostic port (EventPipe sessions over IPC), not the
        // runtime's events to an in-process EventListener: the gc section is complete.
        SessionReport report = RunFixture(new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });
        Assert.Equal([new BackendStatus { Name = GcBackend.BackendName, Ran = true }], report.Backends!);
        Assert.DoesNotContain(report.Warnings, w => w.Contains("gc", StringComparison.Ordinal));
        List<GcEvent> induced = [.. report.Gc!.Collections.Where(c => c.Generation == 2 && c.Reason == "Induced")];
        Assert.True(induced.Count >= FixtureGcCollections, $"{induced.Count} induced gen-2 collections, expected {FixtureGcCollections} or more");
        Assert.All(induced, c => Assert.True(c.PauseNs > 0 && c.HeapAfter is not null, $"collection {c.Number} has no pause or heap"));
        Assert.Contains(report.Methods, m => report.FindProbe(m.ProbeId)!.Name.Contains("Workload.Outer", StringComparison.Ordinal) && m.Calls == 1);
        Assert.NotNull(report.FindMethod("fixture.collect")?.HeapDelta);
    }

    [Fact]
    public void Without_the_runtimes_event_source_the_session_is_complete_and_says_why_it_has_no_gc_section()
    {
        // EventSource support switched off (as trimmed and native AOT apps have it by default): no runtime events reach a listener.
        SessionReport report = RunFixture(null, "exec", "--runtimeconfig", RuntimeConfigWithoutEventSource());
        Assert.Null(report.Gc);
        BackendStatus status = Assert.Single(report.Backends!);
        Assert.False(status.Ran);
        Assert.Contains(report.Warnings, w => w.Contains("Backend 'gc' did not start", StringComparison.Ordinal) && w.Contains("EventSource support is off", StringComparison.Ordinal));
        Assert.Contains(report.Methods, m => report.FindProbe(m.ProbeId)!.Name.Contains("Workload.Outer", StringComparison.Ordinal) && m.Calls == 1);
        Assert.NotNull(report.FindMethod("fixture.collect")?.HeapDelta);
    }

    /// <summary>The fixture's runtimeconfig.json with <c>System.Diagnostics.Tracing.EventSource.IsSupported</c> false, in the test's folder.</summary>
    private string RuntimeConfigWithoutEventSource()
    {
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(Programs.Fixture, ".runtimeconfig.json")))!;
        JsonObject options = config["runtimeOptions"]!.AsObject();
        if (options["configProperties"] is not JsonObject properties)
        {
            properties = [];
            options["configProperties"] = properties;
        }

        properties["System.Diagnostics.Tracing.EventSource.IsSupported"] = false;
        string path = Path.Combine(_folder, "no-eventsource.runtimeconfig.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }
}
