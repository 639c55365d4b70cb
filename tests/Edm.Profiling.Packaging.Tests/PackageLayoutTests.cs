using System.Text;
using Edm.Profiling.Packaging.Tests.Support;

namespace Edm.Profiling.Packaging.Tests;

/// <summary>What <c>dotnet pack</c> puts in the five packages, read from the packed files.</summary>
[Collection(PackagedAppCollection.Name)]
public sealed class PackageLayoutTests(PackagedApp app)
{
    private static readonly string[] PackageIds = ["Edm.Profiling", "Edm.Profiling.Analysis", "Edm.Profiling.CommandLine", "Edm.Profiling.EventPipe", "Edm.Profiling.Tool"];

    [Fact]
    public void The_feed_holds_the_five_packages_and_symbols_for_the_four_libraries()
    {
        string[] files = [.. Directory.GetFiles(app.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        string[] expected =
        [
            .. PackageIds.Select(id => $"{id}.{app.Version}.nupkg"),
            .. PackageIds.Where(id => id != "Edm.Profiling.Tool").Select(id => $"{id}.{app.Version}.snupkg"),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void The_runtime_package_holds_both_libraries_the_analyzers_and_the_switch()
    {
        using var package = new PackageContents(app.Package("Edm.Profiling"));
        Assert.Equal(
            new[]
            {
                "LICENSE",
                "README.md",
                "analyzers/dotnet/cs/Edm.Profiling.CodeFixes.dll",
                "analyzers/dotnet/cs/Edm.Profiling.Generators.dll",
                "build/Edm.Profiling.props",
                "build/Edm.Profiling.targets",
                "buildTransitive/Edm.Profiling.props",
                "buildTransitive/Edm.Profiling.targets",
                "Edm.Profiling.nuspec",
                "lib/net10.0/Edm.Profiling.dll",
                "lib/net10.0/Edm.Profiling.xml",
                "lib/net8.0/Edm.Profiling.dll",
                "lib/net8.0/Edm.Profiling.xml",
                "lib/netstandard2.0/Edm.Profiling.dll",
                "lib/netstandard2.0/Edm.Profiling.xml",
            }.Order(StringComparer.Ordinal),
            package.Files);

        // On net8.0 and net10.0 the runtime depends on nothing; on netstandard2.0 on System.Text.Json alone (which
        // writes sessions there). The generator is no dependency of anyone: it travels as an analyzer only.
        Assert.Equal([(".NETStandard2.0", "System.Text.Json", "10.0.15", (string?)"Build,Analyzers")], package.Dependencies);
        Assert.Equal(
            new[] { ".NETStandard2.0", "net10.0", "net8.0" },
            package.MetadataElement("dependencies")!.Elements().Select(group => (string)group.Attribute("targetFramework")!).Order(StringComparer.Ordinal));
        Assert.Equal(".NETCoreApp,Version=v8.0", AssemblyFacts.Read(package.Open("lib/net8.0/Edm.Profiling.dll")).TargetFramework);
        Assert.Equal(".NETCoreApp,Version=v10.0", AssemblyFacts.Read(package.Open("lib/net10.0/Edm.Profiling.dll")).TargetFramework);
        Assert.Equal(".NETStandard,Version=v2.0", AssemblyFacts.Read(package.Open("lib/netstandard2.0/Edm.Profiling.dll")).TargetFramework);

        // The switch the build files turn on is the one the generator reads.
        string targets = Encoding.UTF8.GetString(package.Read("build/Edm.Profiling.targets"));
        Assert.Contains("<InterceptorsNamespaces>$(InterceptorsNamespaces);Edm.Profiling.Generated</InterceptorsNamespaces>", targets, StringComparison.Ordinal);
        Assert.Contains("<CompilerVisibleProperty Include=\"EdmProfiling\" />", Encoding.UTF8.GetString(package.Read("build/Edm.Profiling.props")), StringComparison.Ordinal);
        Assert.Contains("../build/Edm.Profiling.targets", Encoding.UTF8.GetString(package.Read("buildTransitive/Edm.Profiling.targets")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_analyzers_load_in_any_compiler_from_Roslyn_4_14_on()
    {
        using var package = new PackageContents(app.Package("Edm.Profiling"));
        string[] analyzers = [.. package.Files.Where(f => f.StartsWith("analyzers/", StringComparison.Ordinal))];
        Assert.NotEmpty(analyzers);
        foreach (string analyzer in analyzers)
        {
            Assert.StartsWith("analyzers/dotnet/cs/", analyzer, StringComparison.Ordinal);
            AssemblyFacts facts = AssemblyFacts.Read(package.Open(analyzer));
            Assert.Equal(".NETStandard,Version=v2.0", facts.TargetFramework);
            AssemblyReferenceFact roslyn = Assert.Single(facts.AssemblyReferences, r => r.Name == "Microsoft.CodeAnalysis");
            Assert.True(roslyn.Version <= new Version(4, 14, 0, 0), $"{analyzer} needs Microsoft.CodeAnalysis {roslyn.Version}");
            // Only what a compiler (or, for code fixes, an IDE) provides: no dependency would be found at load time.
            Assert.All(facts.AssemblyReferences, r => Assert.True(
                r.Name is "netstandard" || r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || r.Name.StartsWith("System.", StringComparison.Ordinal) || r.Name.StartsWith("Edm.Profiling.", StringComparison.Ordinal),
                $"{analyzer} references {r.Name}"));
        }
    }

    [Fact]
    public void The_library_packages_depend_on_each_other_at_this_version_with_every_asset()
    {
        using var analysis = new PackageContents(app.Package("Edm.Profiling.Analysis"));
        using var commandLine = new PackageContents(app.Package("Edm.Profiling.CommandLine"));

        // No exclude="Build,Analyzers": a project that references only these gets the generator and the switch through them.
        Assert.Contains(("net10.0", "Edm.Profiling", app.Version, (string?)null), analysis.Dependencies);
        Assert.Contains(("net10.0", "Edm.Profiling.Analysis", app.Version, (string?)null), commandLine.Dependencies);
        Assert.Contains(analysis.Dependencies, d => d.Id == "Microsoft.Data.Sqlite");
        // The pprof export: Google.Protobuf at run time; Grpc.Tools (protoc) only built the message types.
        Assert.Contains(analysis.Dependencies, d => d.Id == "Google.Protobuf" && d.Version == "3.36.2");
        Assert.DoesNotContain(analysis.Dependencies, d => d.Id == "Grpc.Tools");
        Assert.Contains(commandLine.Dependencies, d => d.Id == "System.CommandLine");
        Assert.Equal(new[] { "LICENSE", "README.md", "Edm.Profiling.Analysis.nuspec", "lib/net10.0/Edm.Profiling.Analysis.dll", "lib/net10.0/Edm.Profiling.Analysis.xml" }.Order(StringComparer.Ordinal), analysis.Files);
        Assert.Equal(new[] { "LICENSE", "README.md", "Edm.Profiling.CommandLine.nuspec", "lib/net10.0/Edm.Profiling.CommandLine.dll", "lib/net10.0/Edm.Profiling.CommandLine.xml" }.Order(StringComparer.Ordinal), commandLine.Files);
        // --profile-backends cpu-sampling comes with the CommandLine package.
        Assert.Contains(("net10.0", "Edm.Profiling.EventPipe", app.Version, (string?)null), commandLine.Dependencies);
    }

    [Fact]
    public void The_eventpipe_package_carries_the_sampling_backend_and_the_diagnostics_libraries_as_dependencies()
    {
        using var eventPipe = new PackageContents(app.Package("Edm.Profiling.EventPipe"));
        Assert.Equal(new[] { "LICENSE", "README.md", "Edm.Profiling.EventPipe.nuspec", "lib/net10.0/Edm.Profiling.EventPipe.dll", "lib/net10.0/Edm.Profiling.EventPipe.xml" }.Order(StringComparer.Ordinal), eventPipe.Files);
        Assert.Contains(("net10.0", "Edm.Profiling", app.Version, (string?)null), eventPipe.Dependencies);
        Assert.Contains(eventPipe.Dependencies, d => d.Id == "Microsoft.Diagnostics.NETCore.Client" && d.Version == "0.2.750501");
        Assert.Contains(eventPipe.Dependencies, d => d.Id == "Microsoft.Diagnostics.Tracing.TraceEvent" && d.Version == "4.0.0");

        // The backend is found by name from the assembly's attribute: a program that only has the package beside it samples with EDM_PROFILING_BACKENDS.
        Assert.Contains(
            AssemblyFacts.Read(eventPipe.Open("lib/net10.0/Edm.Profiling.EventPipe.dll")).AssemblyReferences,
            r => r.Name == "Edm.Profiling");
    }

    [Fact]
    public void The_tool_package_is_a_dotnet_tool_named_edm_prof_with_everything_it_runs_on()
    {
        using var tool = new PackageContents(app.Package("Edm.Profiling.Tool"));
        Assert.Equal("DotnetTool", (string?)tool.MetadataElement("packageTypes")?.Elements().Single().Attribute("name"));
        Assert.Empty(tool.Dependencies);
        string settings = Encoding.UTF8.GetString(tool.Read("tools/net10.0/any/DotnetToolSettings.xml"));
        Assert.Contains("Name=\"edm-prof\"", settings, StringComparison.Ordinal);
        Assert.Contains("EntryPoint=\"edm-prof.dll\"", settings, StringComparison.Ordinal);
        foreach (string dll in new[] { "edm-prof.dll", "Edm.Profiling.dll", "Edm.Profiling.Analysis.dll", "Edm.Profiling.EventPipe.dll", "Microsoft.Diagnostics.NETCore.Client.dll", "Microsoft.Diagnostics.Tracing.TraceEvent.dll", "System.CommandLine.dll", "Spectre.Console.dll", "Perfolizer.dll", "Microsoft.Data.Sqlite.dll", "Google.Protobuf.dll" })
        {
            Assert.Contains("tools/net10.0/any/" + dll, tool.Files);
        }

        Assert.Contains("tools/net10.0/any/edm-prof.runtimeconfig.json", tool.Files);
        Assert.DoesNotContain(tool.Files, f => f.EndsWith(".xml", StringComparison.Ordinal) && !f.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.DoesNotContain(tool.Files, f => f.Contains("Generators", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_package_has_its_description_license_readme_and_tags_and_names_no_host()
    {
        foreach (string id in PackageIds)
        {
            using var package = new PackageContents(app.Package(id));
            Assert.Equal(id, package.Metadata("id"));
            Assert.Equal(app.Version, package.Metadata("version"));
            Assert.True(package.Metadata("description") is { Length: > 60 }, $"{id}: description");
            Assert.Equal("MIT", package.Metadata("license"));
            Assert.Equal("expression", (string?)package.MetadataElement("license")?.Attribute("type"));
            Assert.Equal("README.md", package.Metadata("readme"));
            Assert.Contains("profiling", package.Metadata("tags")!.Split(' '));
            Assert.Equal("Edm.Profiling contributors", package.Metadata("authors"));

            string readme = Encoding.UTF8.GetString(package.Read("README.md"));
            Assert.StartsWith("# ", readme, StringComparison.Ordinal);
            Assert.Contains("MIT License", Encoding.UTF8.GetString(package.Read("LICENSE")), StringComparison.Ordinal);

            // Repository-neutral: the commit is recorded, but no URL of a repository or project site.
            Assert.Null(package.Metadata("projectUrl"));
            Assert.Null((string?)package.MetadataElement("repository")?.Attribute("url"));
        }
    }

    [Fact]
    public void No_packed_file_holds_a_path_of_the_machine_that_packed_it()
    {
        string[] machinePaths = [app.RepoRoot.TrimEnd(Path.DirectorySeparatorChar), app.Root];
        foreach (string file in Directory.GetFiles(app.Feed))
        {
            using var package = new PackageContents(file);
            foreach (var entry in package.Entries)
            {
                byte[] bytes = package.Read(entry.FullName);
                // Paths appear as UTF-8 (PE debug directory, PDB documents) or as UTF-16 (user strings).
                string utf8 = Encoding.UTF8.GetString(bytes);
                string utf16 = Encoding.Unicode.GetString(bytes) + Encoding.Unicode.GetString(bytes, 1, Math.Max(0, bytes.Length - 1));
                foreach (string path in machinePaths)
                {
                    Assert.False(utf8.Contains(path, StringComparison.Ordinal) || utf16.Contains(path, StringComparison.Ordinal), $"{Path.GetFileName(file)}: {entry.FullName} contains {path}");
                }
            }
        }
    }

    [Fact]
    public void Packing_again_gives_the_same_bytes()
    {
        // The same inputs, packed again from the same build: the same package, byte for byte (entry order,
        // timestamps from SOURCE_DATE_EPOCH, part names). The compiler's own determinism covers the dlls.
        string again = app.NewFolder("feed-again");
        ProcessRun.Dotnet(app.RepoRoot, app.PackArguments(again, "src/Edm.Profiling/Edm.Profiling.csproj", noBuild: true), PackagedApp.PackEnvironment).AssertExitCode();
        string name = Path.GetFileName(app.Package("Edm.Profiling"));
        Assert.Equal(File.ReadAllBytes(app.Package("Edm.Profiling")), File.ReadAllBytes(Path.Combine(again, name)));
    }
}
