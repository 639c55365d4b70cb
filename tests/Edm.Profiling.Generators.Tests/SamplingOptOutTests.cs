using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary><c>[Profile(Sampling = false)]</c> reaches the probe's registration; other registrations stay as they were.</summary>
public sealed class SamplingOptOutTests
{
    [Fact]
    public void An_opted_out_method_registers_with_sampling_false_and_the_others_do_not_mention_it()
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
        string[] registrations = [.. result.GeneratedSources
            .SelectMany(s => s.SourceText.ToString().Split('\n'))
            .Where(l => l.Contains("Probe.Register(", StringComparison.Ordinal))];

        Assert.Contains(registrations, l => l.Contains("\"Lib.Work.Exact()\"", StringComparison.Ordinal) && l.TrimEnd().EndsWith(", sampling: false);", StringComparison.Ordinal));
        Assert.Contains(registrations, l => l.Contains("\"Lib.Work.Adaptive()\"", StringComparison.Ordinal) && !l.Contains("sampling", StringComparison.Ordinal));
        Assert.Contains(registrations, l => l.Contains("\"Lib.Work.Explicit()\"", StringComparison.Ordinal) && !l.Contains("sampling", StringComparison.Ordinal));
    }
}
