using System.Xml.Linq;

namespace Edm.Profiling.Packaging.Tests.Support;

/// <summary>
/// What a library author does to profile a test suite (docs/profiling.md, "Profiling a test run"):
/// a library with <c>[Profile]</c> and three test projects shaped as <c>dotnet new xunit</c>,
/// <c>nunit</c> and <c>mstest</c> make them (MSTest by its framework and adapter packages rather than
/// the metapackage, whose extra extensions are not open source), all taking Edm.Profiling from the packed feed, in one
/// solution built once with <c>-p:EdmProfiling=true</c>. Nothing in them is set for profiling:
/// default runner settings, no runsettings file.
/// </summary>
public sealed class TestRunProjects
{
    /// <summary>The test projects, which are also the sessions' names.</summary>
    public static readonly string[] TestProjects = ["Geometry.XunitTests", "Geometry.NUnitTests", "Geometry.MSTestTests"];

    private static readonly object s_gate = new();
    private static TestRunProjects? s_built;

    private TestRunProjects(string root, ProcessRun build)
    {
        Root = root;
        Build = build;
    }

    /// <summary>The folder holding the solution.</summary>
    public string Root { get; }

    public string Solution => Path.Combine(Root, "Geometry.slnx");

    /// <summary>The one build of the solution, with <c>-p:EdmProfiling=true</c>.</summary>
    public ProcessRun Build { get; }

    /// <summary>The projects, written and built on first use for <paramref name="app"/>'s feed.</summary>
    public static TestRunProjects For(PackagedApp app)
    {
        lock (s_gate)
        {
            if (s_built is null || !s_built.Root.StartsWith(app.Root, StringComparison.Ordinal))
            {
                string root = app.NewFolder("test-run");
                Write(app, root);
                ProcessRun build = ProcessRun.Dotnet(root, ["build", "Geometry.slnx", "-c", "Release", "-p:EdmProfiling=true", "--disable-build-servers"], app.ConsumerEnvironment).AssertExitCode();
                s_built = new TestRunProjects(root, build);
            }

            return s_built;
        }
    }

    private static void Write(PackagedApp app, string root)
    {
        Dictionary<string, string> versions = PinnedVersions(app.RepoRoot);
        string Reference(string id) => $"""    <PackageReference Include="{id}" Version="{versions[id]}" />""";
        string edm = $"""    <PackageReference Include="Edm.Profiling" Version="{app.Version}" />""";

        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="edm-profiling-test-feed" value="{app.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <RestoreAdditionalProjectFallbackFolders>{MachinePackageFolder()}</RestoreAdditionalProjectFallbackFolders>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "Geometry.slnx"), $"""
            <Solution>
              <Project Path="Geometry/Geometry.csproj" />
            {string.Concat(TestProjects.Select(p => $"  <Project Path=\"{p}/{p}.csproj\" />\n"))}</Solution>
            """);

        WriteProject(root, "Geometry", "Calc.cs", [edm], testProject: false);
        WriteProject(root, "Geometry.XunitTests", "XunitTests.cs", [Reference("Microsoft.NET.Test.Sdk"), Reference("xunit"), Reference("xunit.runner.visualstudio"), edm], testProject: true);
        WriteProject(root, "Geometry.NUnitTests", "NUnitTests.cs", [Reference("Microsoft.NET.Test.Sdk"), Reference("NUnit"), Reference("NUnit3TestAdapter"), edm], testProject: true);
        WriteProject(root, "Geometry.MSTestTests", "MSTestTests.cs", [Reference("Microsoft.NET.Test.Sdk"), Reference("MSTest.TestFramework"), Reference("MSTest.TestAdapter"), edm], testProject: true);
    }

    private static void WriteProject(string root, string name, string source, IEnumerable<string> references, bool testProject)
    {
        string directory = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        string projectReference = testProject ? """
              <ItemGroup>
                <ProjectReference Include="../Geometry/Geometry.csproj" />
              </ItemGroup>
            """ : "";
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
            {string.Join('\n', references)}
              </ItemGroup>
            {projectReference}
            </Project>
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestRunFixtures", source + ".txt"), Path.Combine(directory, source));
    }

    /// <summary>The versions pinned in the repository's Directory.Packages.props (every version lives there).</summary>
    private static Dictionary<string, string> PinnedVersions(string repoRoot) =>
        XDocument.Load(Path.Combine(repoRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);

    /// <summary>
    /// Restores use the consumer's own package folder, as for the app; packages other than
    /// Edm.Profiling may come from the machine's folder, read-only, so the test frameworks are not
    /// downloaded again on every run.
    /// </summary>
    private static string MachinePackageFolder() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
