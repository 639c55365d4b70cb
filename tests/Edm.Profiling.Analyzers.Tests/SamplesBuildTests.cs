using System.Text;
using Edm.Profiling.Analyzers.Tests.Support;

namespace Edm.Profiling.Analyzers.Tests;

/// <summary>
/// The samples use the attribute correctly, so a profiled build of them with every warning an error
/// (the analyzers' included) succeeds. One <c>dotnet build</c> builds both, through a solution filter.
/// </summary>
/// <remarks>
/// Debug, so it never writes the folders the generator tests' Release build of QuickStart writes
/// when the test projects run side by side.
/// </remarks>
public sealed class SamplesBuildTests
{
    [Fact]
    public void Both_samples_build_profiled_with_warnings_as_errors()
    {
        string directory = Directory.CreateTempSubdirectory("edm-samples-").FullName;
        try
        {
            string filter = Path.Combine(directory, "samples.slnf");
            File.WriteAllText(filter, $$"""
                {
                  "solution": {
                    "path": {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(RepoBuild.Root, "Instrumentation.sln"))}},
                    "projects": [ "samples/QuickStart/QuickStart.csproj", "samples/Edm.Tracks/Edm.Tracks.csproj" ]
                  }
                }
                """);

            (int exitCode, string output) = RepoBuild.Dotnet(
                directory,
                ["build", filter, "-c", "Debug", "-p:EdmProfiling=true", "-warnaserror", "--disable-build-servers", "-v", "q", "-nologo"]);

            Assert.True(exitCode == 0, "profiled build of the samples failed:\n" + output);
            Assert.DoesNotMatch(@"(warning|error) [A-Z]+\d+", output);

            // The generator (and so the analyzers beside it, in the same assembly) ran on both samples.
            foreach (string dll in new[] { "samples/QuickStart/bin/Debug-profiled/net10.0/QuickStart.dll", "samples/Edm.Tracks/bin/Debug-profiled/net10.0/edm.dll" })
            {
                byte[] image = File.ReadAllBytes(Path.Combine(RepoBuild.Root, dll));
                Assert.Contains("Edm.Profiling.Generated", Encoding.UTF8.GetString(image), StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
