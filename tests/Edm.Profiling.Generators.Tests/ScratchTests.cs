using Edm.Profiling.Generators.Tests.Support;

namespace Edm.Profiling.Generators.Tests;

public sealed class ScratchTests
{
    [Fact]
    public void Print()
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestSources", "Shapes.cs"));
        var (output, result, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compilation([source], profiling: true), profiling: true);
        var skipped = result.TrackedSteps["CallSites"].SelectMany(s => s.Inputs).Select(o => o.Source.Outputs[o.OutputIndex].Value.ToString());
        File.WriteAllText("/tmp/gen-out.txt", GeneratorHarness.GeneratedText(output) + "\n" + string.Join("\n", diagnostics) + "\n" + string.Join("\n", output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)) + "\nSKIPPED\n" + string.Join("\n", skipped) + "\nSTEPS " + string.Join(",", result.TrackedSteps.Keys) + " callsites=" + result.TrackedSteps["CallSites"].SelectMany(s => s.Outputs).Count());
    }
}

public sealed class ScratchTests2
{
    [Fact]
    public void Direct()
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestSources", "Shapes.cs"));
        var compilation = GeneratorHarness.Compilation([source], profiling: true);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var lines = new List<string>();
        foreach (var inv in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
        {
            try
            {
                var r = Edm.Profiling.Generators.Parsing.CallSiteParser.Parse(inv, model, default);
                lines.Add(inv + " => " + (r.Intercepted is null ? r.Skipped?.ToString() ?? "not profiled" : "intercepted"));
            }
            catch (Exception e)
            {
                lines.Add(inv + " => " + e);
            }
        }

        File.WriteAllText("/tmp/direct.txt", string.Join("\n", lines));
    }
}

public sealed class ScratchTests3
{
    [Fact]
    public void Pipeline()
    {
        string source = """
            using Edm.Profiling;
            public class A { [Profile] public virtual int Work() => 1; }
            public class B : A { public override int Work() => base.Work() + 1; public int Other() => new A().Work(); }
            """;
        var (output, result, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compilation([source], profiling: true), profiling: true);
        var lines = result.TrackedSteps.SelectMany(kv => kv.Value.SelectMany(s => s.Outputs).Select(o => kv.Key + ": " + o.Value)).ToList();
        lines.Add("ex=" + result.Exception);
        lines.Add("keys=" + string.Join(",", result.TrackedSteps.Select(kv => kv.Key + "/" + kv.Value.Length + "/" + kv.Value.Sum(s => s.Outputs.Length))));
        lines.Add("generated=" + string.Join(",", result.GeneratedSources.Select(g => g.HintName)));
        var decl = result.TrackedSteps["DeclaredTargets"].SelectMany(s => s.Outputs).Select(o => (Edm.Profiling.Generators.Model.EquatableArray<Edm.Profiling.Generators.Model.TargetSpec>)o.Value).ToList();
        lines.Add("decl=" + string.Join(";", decl.SelectMany(d => d).Select(t => t.ToString())));
        lines.AddRange(diagnostics.Select(d => d.ToString()));
        File.WriteAllText("/tmp/pipe.txt", string.Join("\n", lines));
    }
}

public sealed class ScratchTests4
{
    [Fact]
    public void Index()
    {
        string source = """
            using Edm.Profiling;
            public class A { [Profile] public virtual int Work() => 1; }
            public class B : A { public override int Work() => base.Work() + 1; public int Other() => new A().Work(); }
            """;
        var compilation = GeneratorHarness.Compilation([source], profiling: true);
        var index = Edm.Profiling.Generators.Parsing.ProfiledNameIndex.For(compilation);
        var inv = compilation.SyntaxTrees[0].GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>().Single();
        File.WriteAllText("/tmp/index.txt", $"{index.MightBeProfiled("Work")} cand={Edm.Profiling.Generators.Parsing.CallSiteParser.IsCandidate(inv, default)} {Edm.Profiling.Generators.Parsing.CallSiteParser.Parse(inv, compilation.GetSemanticModel(inv.SyntaxTree), default)}");
    }
}

public sealed class ScratchTests5
{
    [Fact]
    public void Eq()
    {
        var r = new Edm.Profiling.Generators.Model.CallSiteResult(null, new Edm.Profiling.Generators.Model.SkippedCallSpec("a", Edm.Profiling.Generators.Model.SkipReason.BaseCall, "f", 1, 1));
        File.WriteAllText("/tmp/eq.txt", $"{r != Edm.Profiling.Generators.Model.CallSiteResult.NotProfiled} {r.Equals(Edm.Profiling.Generators.Model.CallSiteResult.NotProfiled)} {r.GetHashCode()}");
    }
}
