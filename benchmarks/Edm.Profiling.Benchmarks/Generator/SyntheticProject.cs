using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Benchmarks.Generator;

/// <summary>
/// A synthetic project for the generator: <see cref="MethodCount"/> annotated methods in
/// <see cref="LibraryFiles"/> files, called from <see cref="CallSiteCount"/> call sites in
/// <see cref="CallerFiles"/> files.
/// </summary>
internal static class SyntheticProject
{
    public const int MethodCount = 2_000;
    public const int CallSiteCount = 20_000;
    public const int LibraryFiles = 100;
    public const int CallerFiles = 100;

    private static readonly MetadataReference[] s_references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
        .Select(path => MetadataReference.CreateFromFile(path))
        .Append(MetadataReference.CreateFromFile(typeof(Profiler).Assembly.Location))
        .ToArray();

    /// <summary>Parse options as the package's targets set them when the flag is on, and as a plain build has them when off.</summary>
    public static CSharpParseOptions ParseOptions(bool profiling) =>
        new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: profiling ? ["EDM_PROFILING", "EDM_PROFILING_METADATA"] : [])
            .WithFeatures(profiling ? [new("InterceptorsNamespaces", "Edm.Profiling.Generated")] : []);

    /// <summary>Freshly parsed trees, as a command-line build has them.</summary>
    public static CSharpCompilation Create(bool profiling)
    {
        CSharpParseOptions options = ParseOptions(profiling);
        var trees = new List<SyntaxTree>();
        for (int file = 0; file < LibraryFiles; file++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(LibraryFile(file), options, $"/src/Library{file}.cs", Encoding.UTF8));
        }

        for (int file = 0; file < CallerFiles; file++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(CallerFile(file, extra: string.Empty), options, $"/src/Caller{file}.cs", Encoding.UTF8));
        }

        return CSharpCompilation.Create(
            "Synthetic",
            trees,
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>
    /// The same project after one edit: a statement added to a method body of one caller file. That
    /// file calls methods of every library type, so every generated file changes: the worst one-file edit.
    /// </summary>
    public static CSharpCompilation EditOneFile(CSharpCompilation compilation)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(tree => tree.FilePath == "/src/Caller0.cs");
        SyntaxTree edited = CSharpSyntaxTree.ParseText(CallerFile(0, extra: "        total += 1;\n"), (CSharpParseOptions)old.Options, old.FilePath, Encoding.UTF8);
        return compilation.ReplaceSyntaxTree(old, edited);
    }

    /// <summary>The same project after one edit inside a profiled method's body (the usual edit while profiling).</summary>
    public static CSharpCompilation EditProfiledMethodBody(CSharpCompilation compilation)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(tree => tree.FilePath == "/src/Library0.cs");
        string text = LibraryFile(0).Replace("x + name.Length + 0;", "name.Length + x + 0;", StringComparison.Ordinal);
        SyntaxTree edited = CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)old.Options, old.FilePath, Encoding.UTF8);
        return compilation.ReplaceSyntaxTree(old, edited);
    }

    private static string LibraryFile(int file)
    {
        var text = new StringBuilder("using Edm.Profiling;\n\nnamespace Synthetic.Library;\n\n");
        text.Append(CultureInfo.InvariantCulture, $"public static class Library{file}\n{{\n");
        for (int method = 0; method < MethodCount / LibraryFiles; method++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    [Profile]\n    public static int Method{method}(int x, string name) => x + name.Length + {method};\n\n");
        }

        return text.Append("}\n").ToString();
    }

    /// <summary>Each caller file calls methods spread over every library file.</summary>
    private static string CallerFile(int file, string extra)
    {
        int perFile = CallSiteCount / CallerFiles;
        int methodsPerLibrary = MethodCount / LibraryFiles;
        var text = new StringBuilder("namespace Synthetic.Callers;\n\n");
        text.Append(CultureInfo.InvariantCulture, $"public static class Caller{file}\n{{\n    public static int Run()\n    {{\n        int total = 0;\n").Append(extra);
        for (int call = 0; call < perFile; call++)
        {
            int index = (file * perFile) + call;
            int library = index % LibraryFiles;
            int method = (index / LibraryFiles) % methodsPerLibrary;
            text.Append(CultureInfo.InvariantCulture, $"        total += Synthetic.Library.Library{library}.Method{method}({call}, \"n\");\n");
        }

        return text.Append("        return total;\n    }\n}\n").ToString();
    }
}
