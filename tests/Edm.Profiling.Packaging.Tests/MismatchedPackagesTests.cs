using System.IO.Compression;
using Edm.Profiling.Packaging.Tests.Support;

namespace Edm.Profiling.Packaging.Tests;

/// <summary>
/// An Edm.Profiling older than the Analysis package was built against is refused at restore, with
/// NuGet's downgrade error naming both packages, before anything could run into a member the older
/// runtime lacks (a MissingMethodException). Analysis uses only the runtime's public API
/// (Edm.Profiling.Analysis.Tests.RuntimeApiTests), so a newer runtime beside it is fine.
/// </summary>
[Collection(PackagedAppCollection.Name)]
public sealed class MismatchedPackagesTests(PackagedApp app)
{
    /// <summary>Sorts before the run's <c>0.0.0-test.…</c> version: an older runtime.</summary>
    private const string OlderVersion = "0.0.0-older";

    [Fact]
    public void An_older_runtime_beside_the_analysis_package_fails_the_restore_and_says_which_package()
    {
        string root = app.NewFolder("mismatched");
        string olderFeed = Directory.CreateDirectory(Path.Combine(root, "older-feed")).FullName;
        WriteRuntimePackage(Path.Combine(olderFeed, $"Edm.Profiling.{OlderVersion}.nupkg"));
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="edm-profiling-test-feed" value="{app.Feed}" />
                <add key="edm-profiling-older-feed" value="{olderFeed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "Mismatched.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Edm.Profiling.Analysis" Version="{app.Version}" />
                <PackageReference Include="Edm.Profiling" Version="{OlderVersion}" />
              </ItemGroup>
            </Project>
            """);

        ProcessRun restore = ProcessRun.Dotnet(root, ["restore"], app.ConsumerEnvironment);

        Assert.NotEqual(0, restore.ExitCode);
        string said = restore.Output + restore.Error;
        Assert.Contains("NU1605", said, StringComparison.Ordinal);
        Assert.Contains($"Edm.Profiling (>= {app.Version})", said, StringComparison.Ordinal);
        Assert.Contains(OlderVersion, said, StringComparison.Ordinal);
        Assert.DoesNotContain("MissingMethodException", said, StringComparison.Ordinal);
    }

    /// <summary>A package NuGet accepts as Edm.Profiling at <see cref="OlderVersion"/>: a nuspec and an empty lib folder.</summary>
    private static void WriteRuntimePackage(string path)
    {
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(zip.CreateEntry("Edm.Profiling.nuspec").Open()))
        {
            nuspec.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>Edm.Profiling</id>
                    <version>{OlderVersion}</version>
                    <authors>test</authors>
                    <description>An older runtime, for the restore to refuse.</description>
                  </metadata>
                </package>
                """);
        }

        zip.CreateEntry("lib/net10.0/_._").Open().Dispose();
    }
}
