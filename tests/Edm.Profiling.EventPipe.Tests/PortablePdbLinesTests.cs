using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The portable-PDB line reader of the live stream's naming (<see cref="PortablePdbLines"/>), on small
/// assemblies compiled here from a source of known lines: a PDB file beside the module, a PDB embedded in it,
/// and the PDBs that cost the line and nothing else (none, damaged, another build's).
/// </summary>
public sealed class PortablePdbLinesTests : IDisposable
{
    private const string SourcePath = "/src/Work.cs";

    // Debug code: the sequence points are the braces and each statement, on these lines (1-based).
    private const string Source = """
        public static class Work
        {
            public static int Twice(int x)
            {
                int y = x * 2;
                return y + 1;
            }
        }
        """;

    private const int OpeningBraceLine = 4;
    private const int ClosingBraceLine = 7;

    private readonly string _folder = Directory.CreateTempSubdirectory("edm-pdb-lines-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_PDB_file_beside_the_module_gives_the_line_of_an_IL_offset()
    {
        string module = Compile("beside", DebugInformationFormat.PortablePdb, Source);
        int token = TwiceToken(module);
        using var lines = new PortablePdbLines();

        // IL offset 0 is the opening brace's nop; an offset past the last sequence point is the closing brace's.
        Assert.Equal(new SourceLine(SourcePath, OpeningBraceLine), lines.LineOf(module, token, 0));
        Assert.Equal(new SourceLine(SourcePath, ClosingBraceLine), lines.LineOf(module, token, 10_000));
        int? body = lines.LineOf(module, token, 2)?.Line;
        Assert.InRange(body!.Value, OpeningBraceLine, ClosingBraceLine - 1);
    }

    [Fact]
    public void A_PDB_embedded_in_the_module_gives_the_same_lines()
    {
        string module = Compile("embedded", DebugInformationFormat.Embedded, Source);
        Assert.False(File.Exists(Path.ChangeExtension(module, ".pdb")));
        using var lines = new PortablePdbLines();

        Assert.Equal(new SourceLine(SourcePath, OpeningBraceLine), lines.LineOf(module, TwiceToken(module), 0));
        Assert.Equal(new SourceLine(SourcePath, ClosingBraceLine), lines.LineOf(module, TwiceToken(module), 10_000));
    }

    [Fact]
    public void No_PDB_a_damaged_one_or_another_builds_one_gives_no_line_and_does_not_throw()
    {
        string missing = Compile("missing", DebugInformationFormat.PortablePdb, Source);
        File.Delete(Path.ChangeExtension(missing, ".pdb"));

        string damaged = Compile("damaged", DebugInformationFormat.PortablePdb, Source);
        File.WriteAllBytes(Path.ChangeExtension(damaged, ".pdb"), [.. Enumerable.Repeat((byte)0x5A, 4096)]);

        // Another build's PDB (the source changed, so its id differs) in place of the module's own.
        string stale = Compile("stale", DebugInformationFormat.PortablePdb, Source);
        string other = Compile("other", DebugInformationFormat.PortablePdb, "\n\n" + Source);
        File.Copy(Path.ChangeExtension(other, ".pdb"), Path.ChangeExtension(stale, ".pdb"), overwrite: true);

        using var lines = new PortablePdbLines();
        foreach (string module in new[] { missing, damaged, stale })
        {
            Assert.Null(lines.LineOf(module, TwiceToken(module), 0));
        }

        Assert.Null(lines.LineOf(Path.Combine(_folder, "absent.dll"), 0x06000001, 0));
        Assert.Null(lines.LineOf(other, TwiceToken(other), -1)); // no IL offset
        Assert.Null(lines.LineOf(other, 0x06000999, 0)); // no such method
        Assert.Equal(OpeningBraceLine + 2, lines.LineOf(other, TwiceToken(other), 0)?.Line); // the other module reads its own
    }

    [Fact]
    public void A_frame_whose_PDB_is_damaged_keeps_its_method_name_without_a_line()
    {
        string damaged = Compile("frame", DebugInformationFormat.PortablePdb, Source);
        File.WriteAllBytes(Path.ChangeExtension(damaged, ".pdb"), [1, 2, 3]);
        var code = new CompiledMethods();
        code.AddModule(1, new ModuleFile(damaged, null, Guid.Empty, 0));
        code.Add(thread: 0, methodId: 1, new CompiledMethod(0x1000, 0x100, "Work.Twice(int32)", 1, TwiceToken(damaged)));
        code.Maps.Mapped(0, 1, [0], [0]);
        var stacks = new InternedStacks();
        int id = stacks.Intern([0x1010UL]);

        using var lines = new PortablePdbLines();
        var frames = new TraceFrames(lines);
        ResolvedStack stack = frames.Resolve(stacks, id, code)!;

        Assert.Equal("Work.Twice(int32)", frames.List[stack.Frames[0]].Name);
        Assert.Null(frames.List[stack.Frames[0]].File);
        Assert.Equal(0, stack.Lines[0]);
    }

    /// <summary>Compiles <paramref name="source"/> into <c>{name}.dll</c> in the folder, in debug, its PDB as <paramref name="format"/> says; returns the module's path.</summary>
    private string Compile(string name, DebugInformationFormat format, string source)
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source, path: SourcePath, encoding: System.Text.Encoding.UTF8)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(Path.Combine(runtime, "System.Runtime.dll"))],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug));
        string module = Path.Combine(_folder, name + ".dll");
        string pdb = Path.ChangeExtension(module, ".pdb");
        using (var peStream = File.Create(module))
        using (var pdbStream = format == DebugInformationFormat.Embedded ? null : File.Create(pdb))
        {
            EmitResult result = compilation.Emit(peStream, pdbStream, options: new EmitOptions(debugInformationFormat: format, pdbFilePath: pdb));
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        }

        return module;
    }

    /// <summary>The metadata token of <c>Work.Twice</c> in <paramref name="module"/>.</summary>
    private static int TwiceToken(string module)
    {
        using var pe = new PEReader(File.OpenRead(module));
        MetadataReader metadata = pe.GetMetadataReader();
        MethodDefinitionHandle twice = metadata.MethodDefinitions.Single(m => metadata.GetString(metadata.GetMethodDefinition(m).Name) == "Twice");
        return MetadataTokens.GetToken(twice);
    }
}
