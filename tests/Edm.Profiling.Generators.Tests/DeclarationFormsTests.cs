using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Tests;

/// <summary>Ways of writing the annotation that the name pre-filter must not miss, and names that must not collide.</summary>
public sealed class DeclarationFormsTests
{
    [Fact]
    public void An_aliased_attribute_is_found()
    {
        string library = """
            using Timed = Edm.Profiling.ProfileAttribute;
            namespace Lib;
            public static class Work { [Timed] public static int Run() => 1; }
            """;
        Assert.Contains("Lib.Work.Run()", GeneratedInterceptors(library, "public static class Caller { public static int Go() => Lib.Work.Run(); }"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_profiled_partial_type_covers_methods_declared_in_its_other_parts()
    {
        string first = "namespace Lib; [Edm.Profiling.Profile] public static partial class Work { public static int A() => 1; }";
        string second = "namespace Lib; public static partial class Work { public static int B() => 2; }";
        string generated = GeneratedInterceptors(first + "\n" + "public static class Caller { public static int Go() => Lib.Work.B(); }", second);
        Assert.Contains("Lib.Work.B()", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_whose_names_sanitise_alike_get_distinct_files()
    {
        string library = """
            namespace Lib;
            public class Box<T> { [Edm.Profiling.Profile] public static int Get() => 1; }
            public class Box_1 { [Edm.Profiling.Profile] public static int Get() => 2; }
            public static class Caller { public static int Go() => Box<int>.Get() + Box_1.Get(); }
            """;
        (Compilation output, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation([library], profiling: true), profiling: true);

        Assert.Equal(
            ["Lib.Box_1.Interceptors.g.cs", "Lib.Box_1_2.Interceptors.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).Where(n => n.EndsWith(".Interceptors.g.cs", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        GeneratorHarness.Emit(output);
    }

    private static string GeneratedInterceptors(params string[] sources)
    {
        (Compilation output, GeneratorRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(sources, profiling: true), profiling: true);
        GeneratorHarness.Emit(output);
        return string.Join("\n", result.GeneratedSources.Where(s => s.HintName.EndsWith(".Interceptors.g.cs", StringComparison.Ordinal)).Select(s => s.SourceText.ToString()));
    }
}
