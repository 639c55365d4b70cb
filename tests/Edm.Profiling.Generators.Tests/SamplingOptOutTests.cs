using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary><c>[Profile(Sampling = false)]</c> reaches the probe's registration; other registrations stay as they were.</summary>
public sealed class SamplingOptOutTests
{
    [Fact]
    public void An_opted_out_method_registers_with_sampling_false_and_the_others_with_true()
    {
        string library = """
            namespace Lib;
            public static class Work
            {
                [Edm.Profiling.Profile(Sampling = false)] public static int Exact() => 1;
                [Edm.Profiling.Profile] public static int Adaptive() => 2;
                [Edm.Profiling.Profile(Sampling = true, Category = "c")] public static int Explicit() => 3;
            }
            public static class Caller { public static int Go() => Work.Exact() + Work.Adaptive() + Work.Explicit(); }
            """;
        (Compilation output, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([library], profiling: true), profiling: true);
        GeneratorHarness.Emit(output);
        Dictionary<string, string[]> records = ProbeTables.Records(result.GeneratedSources.Select(s => s.SourceText.ToString()))
            .ToDictionary(fields => fields[0], StringComparer.Ordinal);

        // The last field is sampling, the one before it the category (empty when none).
        Assert.Equal(["", "0"], records["Lib.Work.Exact()"][^2..]);
        Assert.Equal(["", "1"], records["Lib.Work.Adaptive()"][^2..]);
        Assert.Equal(["c", "1"], records["Lib.Work.Explicit()"][^2..]);
    }
}
