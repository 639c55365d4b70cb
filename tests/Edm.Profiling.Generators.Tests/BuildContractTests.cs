using System.Text;
using Edm.Profiling.Generators.Tests.Support;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// Real <c>dotnet build</c> runs, the proof users will believe. They dominate the suite's time, so
/// there are few: one temporary project built five ways, and the QuickStart sample built profiled.
/// </summary>
public sealed class BuildContractTests
{
    private const string Source = """
        using Edm.Profiling;

        namespace App;

        public static class Work
        {
            [Profile]
            public static int Square(int x) => x * x;

            [Profile(Layer.Detailed)]
            public static async Task<int> LaterAsync(int x)
            {
                await Task.Yield();
                return Square(x);
            }

            public static int Run() => Square(3) + LaterAsync(2).GetAwaiter().GetResult();
        }
        """;

    /// <summary>
    /// The contract, stated exactly (README, docs/generator.md): with the package referenced and
    /// EdmProfiling unset, the assembly's code, metadata and resources are those of the same program
    /// built with no package at all. The default portable PDB records the compile references, so it
    /// differs, and with it the bytes a deterministic build derives from it (PDB id and checksum in the
    /// debug directory, and the MVID and time stamp hashed from the whole file); with DebugType=none
    /// the files are identical byte for byte.
    /// </summary>
    [Fact]
    public void With_EdmProfiling_unset_the_assembly_is_the_one_built_without_the_package_but_for_its_pdb()
    {
        string directory = Directory.CreateTempSubdirectory("edm-contract-").FullName;
        try
        {
            string project = WriteProject(directory);
            string source = Path.Combine(directory, "Work.cs");
            string dll = Path.Combine(directory, "bin", "Release", "net10.0", "App.dll");

            // Same folder and file names for every build, so the PDB path the assembly records is the same.
            byte[] Build(bool withPackage, params string[] properties)
            {
                File.WriteAllText(source, withPackage ? Source : WithoutPackage(Source));
                DotnetCli.Build(project, [withPackage ? "-p:WithPackage=true" : "-p:WithPackage=false", "--no-incremental", .. properties]);
                return File.ReadAllBytes(dll);
            }

            byte[] none = Build(withPackage: false);
            byte[] off = Build(withPackage: true);
            byte[] on = Build(withPackage: true, "-p:EdmProfiling=true");
            byte[] noneNoPdb = Build(withPackage: false, "-p:DebugType=none");
            byte[] offNoPdb = Build(withPackage: true, "-p:DebugType=none");

            // Code, metadata and resources: identical.
            Assert.Equal(PeImage.MethodBodies(none), PeImage.MethodBodies(off));
            Assert.Equal(PeImage.MetadataAndResources(none).Metadata, PeImage.MetadataAndResources(off).Metadata);
            Assert.Equal(PeImage.MetadataAndResources(none).Resources, PeImage.MetadataAndResources(off).Resources);

            // Every other byte of the file too, once the PDB's identity and what is hashed from it are cleared.
            Assert.Equal(PeImage.WithoutPdbIdentity(none), PeImage.WithoutPdbIdentity(off));

            // Without a PDB nothing differs at all.
            Assert.Equal(noneNoPdb, offNoPdb);

            // The controls: the flag on changes code and metadata, so the equalities above are not vacuous,
            // and the comparisons see it.
            Assert.NotEqual(PeImage.MethodBodies(none), PeImage.MethodBodies(on));
            Assert.NotEqual(PeImage.MetadataAndResources(none).Metadata, PeImage.MetadataAndResources(on).Metadata);
            Assert.NotEqual(PeImage.WithoutPdbIdentity(none), PeImage.WithoutPdbIdentity(on));
            Assert.Contains(PeImage.MethodBodies(on), body => body.Method.Contains("WorkInterceptors", StringComparison.Ordinal) && body.Method.EndsWith(".Square", StringComparison.Ordinal));
            Assert.DoesNotContain("Edm.Profiling.Generated", Encoding.UTF8.GetString(none), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void QuickStart_built_with_EdmProfiling_records_its_annotated_methods()
    {
        string project = Path.Combine(DotnetCli.RepoRoot, "samples", "QuickStart", "QuickStart.csproj");
        DotnetCli.Build(project, "-p:EdmProfiling=true");
        string dll = Path.Combine(DotnetCli.RepoRoot, "samples", "QuickStart", "bin", "Release-profiled", "net10.0", "QuickStart.dll");
        string output = Directory.CreateTempSubdirectory("edm-quickstart-").FullName;
        try
        {
            (int exitCode, string log) = DotnetCli.Run(output, [dll], new Dictionary<string, string> { ["EDM_PROFILING_OUTPUT"] = output });
            Assert.True(exitCode == 0, log);

            SessionReport report = SessionJson.ReadFile(Assert.Single(Directory.GetFiles(output, "*.json")));
            Assert.Equal(1, report.FindMethod("QuickStart.Work.CountPrimes(int)")?.Calls);
            Assert.Equal(1, report.FindMethod("QuickStart.Work.Sieve(int)")?.Calls);
            Assert.Equal(1, report.FindMethod("QuickStart.Work.LoadSettingsAsync()")?.Calls);
            Assert.Equal(1, report.FindMethod("QuickStart.Work.Describe(int, string)")?.Calls);
            Assert.Equal(Layer.Detailed, report.Probes.Single(p => p.Name == "QuickStart.Work.Sieve(int)").Layer);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// The same program as a user writes it before adding the package: no <c>using Edm.Profiling</c>,
    /// no attributes. Lines are blanked, not removed, so the code keeps its line numbers.
    /// </summary>
    private static string WithoutPackage(string source) => string.Join(
        "\n",
        source.Split('\n').Select(line => line.Contains("Profil", StringComparison.Ordinal) ? string.Empty : line));

    /// <summary>A project like a user's; with WithPackage=true, what the package adds: the runtime reference, the generator and its build files.</summary>
    private static string WriteProject(string directory)
    {
        string runtime = typeof(Profiler).Assembly.Location;
        string generator = typeof(ProfilingGenerator).Assembly.Location;
        string build = Path.Combine(DotnetCli.RepoRoot, "src", "Edm.Profiling", "build");
        string project = Path.Combine(directory, "App.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <Deterministic>true</Deterministic>
              </PropertyGroup>
              <ItemGroup Condition="'$(WithPackage)' == 'true'">
                <Reference Include="Edm.Profiling" HintPath="{runtime}" />
                <Analyzer Include="{generator}" />
              </ItemGroup>
              <Import Project="{Path.Combine(build, "Edm.Profiling.props")}" Condition="'$(WithPackage)' == 'true'" />
              <Import Project="{Path.Combine(build, "Edm.Profiling.targets")}" Condition="'$(WithPackage)' == 'true'" />
            </Project>
            """);
        return project;
    }
}
