using Edm.Profiling.Packaging.Tests.Support;

namespace Edm.Profiling.Packaging.Tests;

/// <summary>
/// A library author's setup (docs/packaging.md, "A library that profiles itself"): a library targeting
/// netstandard2.0, net8.0 and net10.0, with [Profile] in its source and Edm.Profiling as a private
/// build-time reference (sources in LibraryAuthor/).
/// </summary>
[Collection(PackagedAppCollection.Name)]
public sealed class LibraryAuthorTests(PackagedApp app)
{
    private const string CountWords = "ProfiledLib.Parser.CountWords(string)";
    private const string IsWord = "ProfiledLib.Parser.IsWord(string)";

    /// <summary>What the driver's calls add up to (LibraryAuthor/Program.cs.txt), on every build of the library.</summary>
    private static readonly (string Method, long Calls)[] CallsOnEveryTarget =
    [
        (CountWords, 2),
        ("ProfiledLib.Parser.Words(string)", 2),
        ("ProfiledLib.Parser.CountAsync(string)", 1),
        ("ProfiledLib.Parser.LengthAsync(string)", 3),
        ("ProfiledLib.Parser.LengthsAsync(IEnumerable<string>)", 1),
        ("ProfiledLib.Parser.Join(IEnumerable<string>)", 1),
    ];

    private const string ExpectedOutput = "3\n2\n3\n5\nx+y\n7\n";

    [Fact]
    public void The_released_library_package_depends_on_no_Edm_Profiling_and_its_dlls_reference_none()
    {
        PackagedLibrary library = app.Library;
        using var package = new PackageContents(library.PackagePath);

        // PrivateAssets="all": the library's own dependency stays, Edm.Profiling is in no group.
        Assert.Equal(PackagedLibrary.Targets.Length, package.Dependencies.Count(d => d.Id == "Microsoft.Bcl.AsyncInterfaces"));
        Assert.DoesNotContain(package.Dependencies, d => d.Id.StartsWith("Edm.Profiling", StringComparison.OrdinalIgnoreCase));
        foreach (string target in PackagedLibrary.Targets)
        {
            AssemblyFacts facts = AssemblyFacts.Read(package.Open($"lib/{target}/{PackagedLibrary.LibraryName}.dll"));
            Assert.DoesNotContain(facts.AssemblyReferences, r => r.Name.StartsWith("Edm.Profiling", StringComparison.Ordinal));
            Assert.DoesNotContain(facts.AttributeTypes, t => t.StartsWith("Edm.Profiling.", StringComparison.Ordinal));
            Assert.Empty(facts.TypesIn("Edm.Profiling.Generated"));
        }

        Assert.DoesNotContain(package.Files, f => f.Contains("Edm.Profiling", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_flag_every_target_of_the_library_builds_warning_free_and_is_probed()
    {
        PackagedLibrary library = app.Library;
        // CS0400 was the netstandard2.0 failure; the analyzers and the switch reach the library through PrivateAssets="all".
        Assert.DoesNotMatch(@"warning [A-Z]+\d+", library.ProfiledBuild.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+\d+", library.Pack.Output);
        foreach (string target in PackagedLibrary.Targets)
        {
            AssemblyFacts facts = AssemblyFacts.Read(library.ProfiledLibrary(target));
            Assert.NotEmpty(facts.TypesIn("Edm.Profiling.Generated"));
            Assert.Contains("Edm.Profiling.Probe", facts.TypeReferences);
            Assert.Contains(facts.AssemblyReferences, r => r.Name == "Edm.Profiling");
        }

        Assert.Equal(".NETStandard,Version=v2.0", AssemblyFacts.Read(library.ProfiledLibrary("netstandard2.0")).TargetFramework);
    }

    [Fact]
    public void The_driver_counts_every_call_into_the_libraries_net10_build()
    {
        SessionReport session = Run(app.Library.DriverOutput, "net10");
        AssertCallsOnEveryTarget(session);
        // The private helper, through UnsafeAccessor: 3 words, then 2.
        Assert.Equal(5, session.FindMethod(IsWord)?.Calls);
    }

    [Fact]
    public void The_driver_counts_every_call_into_the_libraries_netstandard2_0_build_but_the_private_one()
    {
        SessionReport session = Run(app.Library.NetStandardDriverOutput, "netstandard");
        AssertCallsOnEveryTarget(session);
        // netstandard2.0 has no UnsafeAccessor: the private helper runs unprobed there.
        Assert.Null(session.FindMethod(IsWord));
        Assert.Equal(".NETStandard,Version=v2.0", AssemblyFacts.Read(Path.Combine(app.Library.NetStandardDriverOutput, PackagedLibrary.LibraryName + ".dll")).TargetFramework);
    }

    [Fact]
    public void The_netstandard2_0_runtime_records_the_same_calls_and_allocations_where_the_runtime_counts_them()
    {
        // An app on a runtime older than net8.0 compiles against and loads the package's netstandard2.0
        // runtime; here a net10.0 app does so by reference (EdmRuntime=netstandard2.0 in App.csproj).
        string output = app.Library.NetStandardRuntimeDriverOutput;
        Assert.Equal(".NETStandard,Version=v2.0", AssemblyFacts.Read(Path.Combine(output, "Edm.Profiling.dll")).TargetFramework);
        SessionReport session = Run(output, "netstandard-runtime");
        AssertCallsOnEveryTarget(session);
        Assert.Null(session.FindMethod(IsWord));
        // .NET 10 has the per-thread allocation counter the netstandard2.0 build looks up at run time.
        Assert.True(session.FindMethod("ProfiledLib.Parser.Join(IEnumerable<string>)")?.Allocations?.AllocatedBytes > 0);
        Assert.DoesNotContain(session.Warnings, w => w.Contains("allocation", StringComparison.OrdinalIgnoreCase));
    }

    private SessionReport Run(string output, string name)
    {
        string file = Path.Combine(app.NewFolder("library-run-" + name), "session.json");
        ProcessRun run = ProcessRun.Dotnet(app.Root, [Path.Combine(output, "App.dll")], new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = file }).AssertExitCode();
        Assert.Equal(ExpectedOutput, run.Output);
        return SessionJson.ReadFile(file);
    }

    private static void AssertCallsOnEveryTarget(SessionReport session)
    {
        var counted = CallsOnEveryTarget.Select(c => (c.Method, session.FindMethod(c.Method)?.Calls ?? 0)).ToArray();
        Assert.Equal(CallsOnEveryTarget, counted);
    }
}
