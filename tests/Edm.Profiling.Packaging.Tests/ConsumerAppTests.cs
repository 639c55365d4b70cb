using System.Text.Json.Nodes;
using Edm.Profiling.Packaging.Tests.Support;

namespace Edm.Profiling.Packaging.Tests;

/// <summary>
/// A fresh <c>dotnet new console</c> app with <c>Edm.Profiling</c> from the packed feed: what the
/// package does to a user's build and run (the app's sources are in ConsumerApp/).
/// </summary>
[Collection(PackagedAppCollection.Name)]
public sealed class ConsumerAppTests(PackagedApp app)
{
    internal const string Fibonacci = "ProfiledApp.Work.Fibonacci(int)";
    internal const string Shout = "ProfiledApp.Formatter.Shout(string)";

    /// <summary>Fibonacci(20) calls itself 2·fib(21) − 1 times in all.</summary>
    internal const long FibonacciCalls20 = 21_891;

    internal static string ExpectedOutput(int n, long fib) => $"fib({n}) = {fib}\nFIBONACCI OF {n}, DESCRIBED!\ndone.\n";

    [Fact]
    public void Built_with_EdmProfiling_the_app_writes_a_session_that_names_its_profiled_methods()
    {
        string file = Path.Combine(app.NewFolder("default-run"), "app.json");
        ProcessRun run = ProcessRun.Dotnet(app.Root, [app.ProfiledDll], new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = file }).AssertExitCode();
        Assert.Equal(ExpectedOutput(20, 6765), run.Output);

        SessionReport session = SessionJson.ReadFile(file);
        Assert.Equal(PackagedApp.AppName, session.Name);
        Assert.Equal(FibonacciCalls20, session.FindMethod(Fibonacci)?.Calls);
        Assert.Equal(1, session.FindMethod(Shout)?.Calls);

        // [Profile(Layer.Detailed, Name = "app.describe", Category = "format")]: the name is the key, the layer records allocations.
        ProbeInfo describe = Assert.Single(session.Probes, p => p.Name == "app.describe");
        Assert.Equal(Layer.Detailed, describe.Layer);
        Assert.Equal("format", describe.Category);
        Assert.Equal("ProfiledApp.Work", describe.DeclaringType);
        Assert.NotNull(session.FindMethod("app.describe")?.Allocations);
        Assert.Null(session.FindMethod(Fibonacci)?.Allocations);

        // [NoProfile] inside a [Profile] type.
        Assert.DoesNotContain(session.Probes, p => p.Name.Contains("Whisper", StringComparison.Ordinal));
        Assert.Equal(1000, session.Settings.SampleReservoirSize);
    }

    [Fact]
    public void Built_without_EdmProfiling_the_assembly_has_no_probe_no_attribute_and_no_reference_to_the_runtime()
    {
        AssemblyFacts plain = AssemblyFacts.Read(app.PlainDll);
        AssemblyFacts profiled = AssemblyFacts.Read(app.ProfiledDll);

        Assert.Empty(plain.TypesIn("Edm.Profiling.Generated"));
        Assert.DoesNotContain(plain.TypeReferences, t => t.StartsWith("Edm.Profiling.", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.AttributeTypes, t => t.StartsWith("Edm.Profiling.", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.AssemblyReferences, r => r.Name == "Edm.Profiling");

        // The control: the same source built with the property has all of them.
        Assert.NotEmpty(profiled.TypesIn("Edm.Profiling.Generated"));
        Assert.Contains("Edm.Profiling.Probe", profiled.TypeReferences);
        Assert.Contains("Edm.Profiling.ProfileAttribute", profiled.AttributeTypes);
        Assert.Contains("Edm.Profiling.NoProfileAttribute", profiled.AttributeTypes);
        Assert.Contains(profiled.AssemblyReferences, r => r.Name == "Edm.Profiling");
    }

    [Fact]
    public void Built_without_EdmProfiling_the_app_writes_no_session_even_when_asked()
    {
        string folder = app.NewFolder("plain-run");
        ProcessRun run = ProcessRun.Dotnet(app.Root, [app.PlainDll], new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = folder }).AssertExitCode();
        Assert.Equal(ExpectedOutput(20, 6765), run.Output);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void The_packaged_analyzers_run_in_the_apps_builds_with_and_without_the_property()
    {
        foreach (ProcessRun build in new[] { app.ProfiledBuild, app.PlainBuild })
        {
            // Work.Twice has [Profile] on a local function.
            Assert.Contains("warning EDM001", build.Output, StringComparison.Ordinal);
            // Every analyzer assembly of the package loaded (CS8032: an analyzer could not be created; AD0001: one threw).
            Assert.DoesNotContain("CS8032", build.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("AD0001", build.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("CS9137", build.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_generator_never_reaches_the_apps_output()
    {
        foreach (string output in new[] { app.ProfiledOutput, app.PlainOutput })
        {
            Assert.True(File.Exists(Path.Combine(output, "Edm.Profiling.dll")), $"{output} lacks the runtime");
            Assert.Empty(Directory.GetFiles(output, "Edm.Profiling.Generators*"));
            Assert.Empty(Directory.GetFiles(output, "Edm.Profiling.CodeFixes*"));
            Assert.Empty(Directory.GetFiles(output, "Microsoft.CodeAnalysis*"));
            string deps = File.ReadAllText(Path.Combine(output, PackagedApp.AppName + ".deps.json"));
            Assert.DoesNotContain("Generators", deps, StringComparison.Ordinal);
            Assert.DoesNotContain("CodeAnalysis", deps, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_run_time_switches_reach_the_session()
    {
        // docs/profiling.md, "Run-time switches": every variable in one run.
        string folder = app.NewFolder("switches-run");
        var environment = new Dictionary<string, string>
        {
            ["EDM_PROFILING_OUTPUT"] = folder,
            ["EDM_PROFILING_LAYER"] = "lightweight",
            ["EDM_PROFILING_TIMELINE"] = "1",
            ["EDM_PROFILING_RESERVOIR"] = "200",
            ["EDM_PROFILING_CPU_SAMPLE"] = "8",
            ["EDM_PROFILING_SESSION_NAME"] = "nightly",
            ["EDM_COMMIT"] = "0123abc",
            ["EDM_BRANCH"] = "main",
        };
        ProcessRun.Dotnet(app.Root, [app.ProfiledDll, "12"], environment).AssertExitCode();

        SessionReport session = SessionJson.ReadFile(Assert.Single(Directory.GetFiles(folder, "*.json")));
        Assert.Equal("nightly", session.Name);
        Assert.Equal(Layer.Lightweight, session.Settings.MaxLayer);
        Assert.True(session.Settings.RecordTimeline);
        Assert.NotNull(session.Timeline);
        Assert.Equal(200, session.Settings.SampleReservoirSize);
        Assert.Equal(8, session.Settings.CpuSampleInterval);
        Assert.Equal("0123abc", session.Environment.Commit);
        Assert.Equal("main", session.Environment.Branch);
        Assert.Equal(2 * 233 - 1, session.FindMethod(Fibonacci)?.Calls);
        // Capped to Lightweight: the Detailed method is timed only.
        Assert.Null(session.FindMethod("app.describe")?.Allocations);
        Assert.Equal(1, session.FindMethod("app.describe")?.Calls);
    }

    [Fact]
    public void EDM_PROFILING_0_and_the_AppContext_switch_turn_a_profiled_build_off()
    {
        string off = app.NewFolder("switched-off-run");
        ProcessRun run = ProcessRun.Dotnet(app.Root, [app.ProfiledDll], new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = off, ["EDM_PROFILING"] = "0" }).AssertExitCode();
        Assert.Equal(ExpectedOutput(20, 6765), run.Output);
        Assert.Empty(Directory.GetFileSystemEntries(off));

        // <RuntimeHostConfigurationOption Include="Edm.Profiling.Enabled" Value="false" /> in a project file
        // writes this into the app's runtimeconfig.json; done here on a copy of the profiled build.
        string copy = app.NewFolder("appcontext-off");
        foreach (string file in Directory.GetFiles(app.ProfiledOutput))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        string runtimeConfig = Path.Combine(copy, PackagedApp.AppName + ".runtimeconfig.json");
        JsonNode config = JsonNode.Parse(File.ReadAllText(runtimeConfig))!;
        JsonObject options = config["runtimeOptions"]!.AsObject();
        options["configProperties"] ??= new JsonObject();
        options["configProperties"]!["Edm.Profiling.Enabled"] = false;
        File.WriteAllText(runtimeConfig, config.ToJsonString());

        string sessions = app.NewFolder("appcontext-off-sessions");
        ProcessRun.Dotnet(app.Root, [Path.Combine(copy, PackagedApp.AppName + ".dll")], new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = sessions }).AssertExitCode();
        Assert.Empty(Directory.GetFileSystemEntries(sessions));
    }
}
