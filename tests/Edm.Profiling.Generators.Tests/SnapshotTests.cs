using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// The generated source for TestSources/Shapes.cs (one file per declaring type, each type a family
/// of call shapes), compared as text with Snapshots/. Set EDM_UPDATE_SNAPSHOTS=1 to rewrite them
/// after an intended change, then review the diff.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly string[] s_expectedFiles =
    [
        "Shapes.Async.Interceptors.g.cs",
        "Shapes.Box_1.Interceptors.g.cs",
        "Shapes.Calc.Interceptors.g.cs",
        "Shapes.Counter.Interceptors.g.cs",
        "Shapes.Helpers.Interceptors.g.cs",
        "Shapes.Helpers_Nested.Interceptors.g.cs",
        "Shapes.IShape.Interceptors.g.cs",
        "Shapes.Sequences.Interceptors.g.cs",
        "Shapes.Service.Interceptors.g.cs",
        "Shapes.TextExtensions.Interceptors.g.cs",
        "Edm.Profiling.ProfiledTypes.g.cs",
        "Edm.Profiling.UnprobedCallSites.g.cs",
        "Edm.Profiling.InterceptsLocationAttribute.g.cs",
    ];

    public static TheoryData<string> ExpectedFiles => new(s_expectedFiles);

    private static readonly Lazy<Dictionary<string, string>> s_generated = new(() =>
    {
        (_, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([TestSources.Shapes], profiling: true), profiling: true);
        return result.GeneratedSources.ToDictionary(source => source.HintName, source => WithoutGeneratorVersion(source.SourceText.ToString()));
    });

    /// <summary>The generator's version, named in [GeneratedCode], changes with every release: snapshots hold a placeholder.</summary>
    private static string WithoutGeneratorVersion(string text) => text.Replace(
        $"GeneratedCode(\"Edm.Profiling.Generators\", \"{typeof(ProfilingGenerator).Assembly.GetName().Version}\")",
        "GeneratedCode(\"Edm.Profiling.Generators\", \"<version>\")",
        StringComparison.Ordinal);

    [Fact]
    public void Snapshots_are_never_rewritten_on_CI()
    {
        // A CI run that rewrote the snapshots would compare the output with itself and always pass.
        if (Environment.GetEnvironmentVariable("CI") is { } ci && ci.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Null(Environment.GetEnvironmentVariable("EDM_UPDATE_SNAPSHOTS"));
        }
    }

    [Fact]
    public void The_generator_writes_exactly_the_expected_files()
    {
        Assert.Equal(s_expectedFiles.Order(StringComparer.Ordinal), s_generated.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ExpectedFiles))]
    public void Generated_source_matches_the_snapshot(string hintName)
    {
        string actual = s_generated.Value[hintName];
        string path = Path.Combine(SnapshotDirectory(), hintName);
        if (Environment.GetEnvironmentVariable("EDM_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No snapshot {path}; run with EDM_UPDATE_SNAPSHOTS=1 to write it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    // Found from the repository root, not [CallerFilePath]: CI builds map source paths to /_/.
    private static string SnapshotDirectory() =>
        Path.Combine(DotnetCli.RepoRoot, "tests", "Edm.Profiling.Generators.Tests", "Snapshots");
}
