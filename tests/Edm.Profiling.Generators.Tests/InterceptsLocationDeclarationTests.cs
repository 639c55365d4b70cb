using System.Reflection;
using System.Runtime.Loader;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// Where <c>InterceptsLocationAttribute</c> is declared: once per compilation, internal, when nothing
/// can clash with it (a lookup of the name weighs every file-local copy, so one copy per file made
/// every bound attribute slower); a file-local copy per interceptor file when the project declares
/// one itself or a reference shows it one that is not Edm.Profiling's. Every case compiles without a
/// warning and counts its calls.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class InterceptsLocationDeclarationTests
{
    private const string Library = """
        using Edm.Profiling;
        [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Tests.Consumer")]
        namespace Lib;
        [Profile]
        public class Parser
        {
            public int Parse(string text) => text.Length;
        }
        [Profile]
        public static class Numbers
        {
            public static int Twice(int value) => value * 2;
        }
        public static class UsesItself
        {
            public static int Run() => new Parser().Parse("ab") + Numbers.Twice(1);
        }
        """;

    private const string Consumer = """
        namespace Tests;
        public static class UsesLib
        {
            public static int Run() => new Lib.Parser().Parse("abc") + Lib.Numbers.Twice(4) + Lib.UsesItself.Run();
        }
        """;

    private const string OwnDeclaration = """
        namespace System.Runtime.CompilerServices
        {
            internal sealed class InterceptsLocationAttribute : Attribute
            {
                public InterceptsLocationAttribute(int version, string data) { _ = version; _ = data; }
            }
        }
        """;

    private const string PublicDeclaration = """
        namespace System.Runtime.CompilerServices
        {
            public sealed class InterceptsLocationAttribute : Attribute
            {
                public InterceptsLocationAttribute(int version, string data) { _ = version; _ = data; }
            }
        }
        """;

    [Fact]
    public void A_library_and_its_tests_built_with_the_flag_each_declare_it_once_and_build_without_warnings()
    {
        // The library's internal declaration is visible to the tests through InternalsVisibleTo; the
        // tests' own shadows it in the generated files only, where CS0436 is disabled.
        (Compilation library, GeneratorRunResult libraryRun, _) = Generate([Library], "Lib");
        Assert.Equal((0, 1), FileLocalAndSharedDeclarations(library, libraryRun));
        byte[] libraryImage = GeneratorHarness.Emit(library);

        (Compilation consumer, GeneratorRunResult consumerRun, _) = Generate([Consumer], "Tests.Consumer", MetadataReference.CreateFromImage(libraryImage));
        Assert.Equal((0, 1), FileLocalAndSharedDeclarations(consumer, consumerRun));
        Assert.Contains(consumerRun.GeneratedSources, source => source.HintName == "Edm.Profiling.InterceptsLocationAttribute.g.cs");

        SessionReport report = RunConsumer(consumer, libraryImage, expected: 3 + 8 + 2 + 2);
        Assert.Equal(2, report.FindMethod("Lib.Parser.Parse(string)")!.Calls);
        Assert.Equal(2, report.FindMethod("Lib.Numbers.Twice(int)")!.Calls);
    }

    [Fact]
    public void A_project_that_declares_it_itself_gets_a_file_local_copy_per_interceptor_file()
    {
        (Compilation library, GeneratorRunResult run, _) = Generate([Library, OwnDeclaration], "Lib");

        Assert.Equal((2, 0), FileLocalAndSharedDeclarations(library, run));
        Assert.DoesNotContain(run.GeneratedSources, source => source.HintName == "Edm.Profiling.InterceptsLocationAttribute.g.cs");
        byte[] image = GeneratorHarness.Emit(library);
        SessionReport report = RunIn(image, "Lib", "Lib.UsesItself", [], expected: 2 + 2);
        Assert.Equal(1, report.FindMethod("Lib.Parser.Parse(string)")!.Calls);
    }

    [Fact]
    public void A_reference_that_shows_a_declaration_of_its_own_leaves_it_unshadowed()
    {
        // A public declaration in some other library: code of this project may use it, so the
        // generated files keep file-local copies rather than shadow it.
        (Compilation other, _, _) = Generate([PublicDeclaration], "Other");
        byte[] otherImage = GeneratorHarness.Emit(other);
        (Compilation library, GeneratorRunResult run, _) = Generate([Library], "Lib", MetadataReference.CreateFromImage(otherImage));

        Assert.Equal((2, 0), FileLocalAndSharedDeclarations(library, run));
        _ = GeneratorHarness.Emit(library);
    }

    private static (Compilation Output, GeneratorRunResult Result, IReadOnlyList<Diagnostic> Diagnostics) Generate(string[] sources, string name, params MetadataReference[] references)
    {
        (Compilation output, GeneratorRunResult result, var diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compilation(sources, profiling: true, name, references), profiling: true);
        Assert.Empty(diagnostics);
        return (output, result, diagnostics);
    }

    /// <summary>Declarations of the attribute in the generated files: file-local ones and internal (shared) ones.</summary>
    private static (int FileLocal, int Shared) FileLocalAndSharedDeclarations(Compilation output, GeneratorRunResult run)
    {
        List<ClassDeclarationSyntax> declarations = run.GeneratedSources
            .SelectMany(source => output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith(source.HintName, StringComparison.Ordinal)).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Where(declaration => declaration.Identifier.Text == "InterceptsLocationAttribute")
            .ToList();
        int fileLocal = declarations.Count(declaration => declaration.Modifiers.Any(modifier => modifier.Text == "file"));
        return (fileLocal, declarations.Count - fileLocal);
    }

    private static SessionReport RunConsumer(Compilation consumer, byte[] libraryImage, int expected) =>
        RunIn(GeneratorHarness.Emit(consumer), "Tests.Consumer", "Tests.UsesLib", libraryImage, expected);

    private static SessionReport RunIn(byte[] image, string name, string type, byte[] libraryImage, int expected)
    {
        var context = new AssemblyLoadContext(name, isCollectible: true);
        context.Resolving += (loader, assembly) => assembly.Name == "Lib" && libraryImage.Length > 0 ? loader.LoadFromStream(new MemoryStream(libraryImage)) : null;
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(image));
            using ProfilingSession session = Profiler.StartSession("intercepts-location");
            object? value = assembly.GetType(type)!.GetMethod("Run")!.Invoke(null, null);
            SessionReport report = session.Stop();
            Assert.Equal(expected, value);
            return report;
        }
        finally
        {
            context.Unload();
        }
    }
}
