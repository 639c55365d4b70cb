using System.Text;
using Edm.Profiling.Generators.Tests.Support;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// Real <c>dotnet build</c> runs, the proof users will believe. They dominate the suite's time, so
/// there are few: one temporary project built three ways, and the QuickStart sample built profiled.
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

    [Fact]
    public void With_EdmProfiling_unset_the_generator_changes_no_byte_of_the_assembly()
    {
        string directory = Directory.CreateTempSubdirectory("edm-contract-").FullName;
        try
        {
            string project = WriteProject(directory);
            string dll = Path.Combine(directory, "bin", "Release", "net10.0", "App.dll");

            // Same folder for every build, so the PDB path the assembly records is the same.
            DotnetCli.Build(project, "-p:WithGenerator=false");
            byte[] without = File.ReadAllBytes(dll);
            DotnetCli.Build(project, "-p:WithGenerator=true", "--no-restore", "--no-incremental");
            byte[] with = File.ReadAllBytes(dll);
            DotnetCli.Build(project, "-p:WithGenerator=true", "-p:EdmProfiling=true", "--no-restore", "--no-incremental");
            byte[] profiled = File.ReadAllBytes(dll);

            Assert.Equal(without, with);

            // The control: the same generator, switched on, does change the assembly, so the equality above is not vacuous.
            Assert.NotEqual(without, profiled);
            string profiledText = Encoding.UTF8.GetString(profiled);
            Assert.Contains("Edm.Profiling.Generated", profiledText, StringComparison.Ordinal);
            // A user string is UTF-16, at an even or an odd offset.
            string userStrings = Encoding.Unicode.GetString(profiled) + Encoding.Unicode.GetString(profiled, 1, profiled.Length - 1);
            Assert.Contains("App.Work.Square(int)", userStrings, StringComparison.Ordinal);
            Assert.DoesNotContain("Edm.Profiling.Generated", Encoding.UTF8.GetString(without), StringComparison.Ordinal);
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

    /// <summary>A project like a user's: the runtime as a reference, and, when WithGenerator is true, what the package adds.</summary>
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
              <ItemGroup>
                <Reference Include="Edm.Profiling" HintPath="{runtime}" />
              </ItemGroup>
              <ItemGroup Condition="'$(WithGenerator)' == 'true'">
                <Analyzer Include="{generator}" />
              </ItemGroup>
              <Import Project="{Path.Combine(build, "Edm.Profiling.props")}" Condition="'$(WithGenerator)' == 'true'" />
              <Import Project="{Path.Combine(build, "Edm.Profiling.targets")}" Condition="'$(WithGenerator)' == 'true'" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Work.cs"), Source);
        return project;
    }
}
