using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Parsing;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Tests;

/// <summary>The parsing layer says why a use of a profiled method gets no probe: data the analyzers report.</summary>
public sealed class SkipReasonTests
{
    [Fact]
    public void Calls_that_cannot_be_intercepted_are_reported_with_their_reason()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Shapes], profiling: true);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);

        var skipped = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(invocation => CallSiteParser.Parse(invocation, model, default).Skipped)
            .OfType<SkippedCallSpec>()
            .Select(skip => (skip.TargetName, skip.Reason))
            .ToList();

        Assert.Equal(
            [
                ("Shapes.Service.Work(int)", SkipReason.BaseCall),
                ("Shapes.Calc.Add(int, int)", SkipReason.ExpressionTree),
                ("Shapes.IShape.Area()", SkipReason.ConstrainedCall),
            ],
            skipped);
    }

    [Theory]
    [InlineData("public Target() { }", "ctor", (int)SkipReason.Constructor)]
    [InlineData("public int Size { [Profile] get => 1; }", "get_Size", (int)SkipReason.Property)]
    [InlineData("public static Target operator +(Target a, Target b) => a;", "op_Addition", (int)SkipReason.Operator)]
    [InlineData("private T Pick<T>(T x) where T : struct => x;", "Pick", (int)SkipReason.None)]
    [InlineData("private static unsafe int* Raw(int* p) => p;", "Raw", (int)SkipReason.None)]
    [InlineData("public static unsafe int Call(delegate*<int, int> f) => f(1);", "Call", (int)SkipReason.None)]
    [InlineData("public static ref int Keep([System.Diagnostics.CodeAnalysis.UnscopedRef] out int x) { x = 1; return ref x; }", "Keep", (int)SkipReason.None)]
    [InlineData("private int Plain(int x) => x;", "Plain", (int)SkipReason.None)]
    public void Declarations_that_cannot_be_intercepted_say_why(string member, string name, int expectedReason)
    {
        string annotated = member.Contains("[Profile]", StringComparison.Ordinal) ? member : "[Profile] " + member;
        string source = $"using Edm.Profiling; public class Target {{ {annotated} }}";
        CSharpCompilation compilation = GeneratorHarness.Compilation([source], profiling: true);
        IMethodSymbol method = compilation.GetTypeByMetadataName("Target")!.GetMembers()
            .OfType<IMethodSymbol>()
            .Single(m => m.Name == name || (name == "ctor" && m.MethodKind == MethodKind.Constructor));

        TargetSpec target = TargetParser.Parse(method, ProfileAnnotations.For(method) ?? new ProfileAnnotation(0, null, null, true), compilation);

        Assert.Equal((SkipReason)expectedReason, target.Skip);
    }

    [Fact]
    public void A_private_method_of_a_generic_type_is_not_reached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(["public class Holder<T> { [Edm.Profiling.Profile] private T Get(T x) => x; }"], profiling: true);
        IMethodSymbol method = (IMethodSymbol)compilation.GetTypeByMetadataName("Holder`1")!.GetMembers("Get").Single();

        Assert.Equal(SkipReason.InaccessibleGeneric, TargetParser.Parse(method, ProfileAnnotations.For(method)!, compilation).Skip);
    }

    [Fact]
    public void A_private_method_of_a_static_class_is_reached_by_type_name_on_NET_10_only()
    {
        const string Source = "public static class Util { [Edm.Profiling.Profile] private static int Hidden() => 1; }";
        CSharpCompilation net10 = GeneratorHarness.Compilation([Source], profiling: true);
        CSharpCompilation net8 = CSharpCompilation.Create(
            "Net8",
            [CSharpSyntaxTree.ParseText(Source, GeneratorHarness.ParseOptions(true))],
            Basic.Reference.Assemblies.Net80.References.All.Append(GeneratorHarness.Runtime));

        TargetSpec on10 = Parse(net10);
        TargetSpec on8 = Parse(net8);

        Assert.Equal((AccessPath.UnsafeAccessor, SkipReason.None, "Util, UserCode"), (on10.Access, on10.Skip, on10.AccessorTypeName));
        Assert.Equal(SkipReason.InaccessibleInStaticClass, on8.Skip);

        static TargetSpec Parse(CSharpCompilation compilation)
        {
            IMethodSymbol method = (IMethodSymbol)compilation.GetTypeByMetadataName("Util")!.GetMembers("Hidden").Single();
            return TargetParser.Parse(method, ProfileAnnotations.For(method)!, compilation);
        }
    }

    [Fact]
    public void A_ValueTask_the_project_declares_itself_is_not_the_one_the_runtime_probes()
    {
        // As a netstandard2.0 library may polyfill it; the runtime's Probe.Complete takes the BCL's.
        const string Source = """
            namespace System.Threading.Tasks { public readonly struct ValueTask { } }
            public class Target
            {
                [Edm.Profiling.Profile] public System.Threading.Tasks.ValueTask Own() => default;
                [Edm.Profiling.Profile] public System.Threading.Tasks.ValueTask<int> Real() => default;
            }
            """;
        CSharpCompilation compilation = GeneratorHarness.Compilation([Source], profiling: true);

        Assert.Equal(SkipReason.ResultTypeNotProbed, Parse("Own").Skip);
        Assert.Equal((ResultShape.ValueTaskOfT, SkipReason.None), (Parse("Real").Shape, Parse("Real").Skip));

        TargetSpec Parse(string name)
        {
            IMethodSymbol method = (IMethodSymbol)compilation.GetTypeByMetadataName("Target")!.GetMembers(name).Single();
            return TargetParser.Parse(method, ProfileAnnotations.For(method)!, compilation);
        }
    }

    [Fact]
    public void Method_groups_and_nameof_are_uses_without_a_call()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Shapes], profiling: true);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        MethodDeclarationSyntax scenario = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "NotIntercepted");

        var uses = scenario.DescendantNodes()
            .Select(node => model.GetOperation(node))
            .OfType<IOperation>()
            .Select(operation => (Reason: ReferenceParser.SkipReasonOf(operation, out IMethodSymbol? method), Method: method?.Name))
            .Where(use => use.Reason != SkipReason.None)
            .Distinct()
            .ToList();

        Assert.Equal([(SkipReason.MethodGroup, "Add"), (SkipReason.NameOf, "Add")], uses);
    }
}
