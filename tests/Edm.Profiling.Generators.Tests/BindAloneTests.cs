using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Parsing;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// The generator binds a call that is another call's argument on its own (cheaper than binding the
/// statement: an assertion's overloads): the result must be exactly what binding it in its statement gives.
/// </summary>
public sealed class BindAloneTests
{
    private const string Arguments = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Edm.Profiling;

        namespace Args;

        [Profile]
        public class Calc
        {
            public int Add(int a, int b) => a + b;
            public long Add(long a, long b) => a + b;
            public string Add(string a, string b) => a + b;
            public T Echo<T>(T value) => value;
            public bool TryHalf(int x, out int half) { half = x / 2; return x % 2 == 0; }
            public int Twice(int x) => 2 * x;
            public static int Square(int x) => x * x;
            public IEnumerable<int> Range(int n) => Enumerable.Range(0, n);
        }

        public interface IShape { [Profile] int Area(); }

        public static class Sink
        {
            public static void Check(int expected, int actual) { }
            public static void Check(long expected, long actual) { }
            public static void Check(string expected, string actual) { }
            public static void Check<T>(T expected, T actual) { }
            public static void Check<T>(IEnumerable<T> expected, IEnumerable<T> actual) { }
            public static void Check(object expected, object actual) { }
            public static void True(bool condition) { }
            public static void Use(Func<int, int> f) { }
            public static object Pass(object value) => value;
        }

        public class Holder(int value) { public int Value => value; public int this[int i] => i; }

        public static class Uses
        {
            public static void Run(Calc calc, dynamic loose, IShape shape, int[] values)
            {
                Sink.Check(3, calc.Add(1, 2));
                Sink.Check(3L, calc.Add(1L, 2L));
                Sink.Check("ab", calc.Add("a", "b"));
                Sink.Check(actual: calc.Echo("x"), expected: "x");
                Sink.Check([0, 1], calc.Range(2));
                Sink.True(calc.TryHalf(4, out int half) && half == 2);
                Sink.True(calc.TryHalf(4, out var h) && calc.Twice(h) == 4);
                Sink.Check(4, calc.Twice(calc.Twice(1)));
                Sink.Check(9, Calc.Square(3));
                Sink.Check(1, new Holder(calc.Twice(1)).Value);
                Sink.Check(1, new Holder(0)[calc.Twice(1)]);
                var pair = (calc.Twice(1), calc.Echo<long>(2));
                Sink.Pass(calc.Twice(loose));
                Sink.Pass(calc.Twice(values.Length));
                Sink.Pass(shape.Area());
                Sink.Use(calc.Twice);
                Sink.Check(2, values.Select(v => calc.Twice(v)).First());
                Sink.Pass(calc?.Twice(1));
                Sink.Check(2, $"{calc.Twice(1)}".Length);
                int local = Sink.Pass(calc.Add(1, 2)) is int sum ? calc.Twice(sum) : 0;
                Sink.Pass(from v in values select calc.Twice(v));
            }

            public static void Constrained<T>(T shape) where T : IShape => Sink.Pass(shape.Area());
        }
        """;

    [Fact]
    public void Every_call_and_name_bound_alone_gives_what_its_statement_gives()
    {
        foreach (string source in new[] { Arguments, TestSources.Shapes, TestSources.Warnings })
        {
            var compilation = GeneratorHarness.Compilation([source], profiling: true);
            SyntaxTree tree = compilation.SyntaxTrees.Single();
            int compared = 0;
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                // A fresh model for each way, so neither reuses what the other bound.
                (CallSiteResult InContext, CallSiteResult Alone)? results = node switch
                {
                    InvocationExpressionSyntax invocation => (
                        CallSiteParser.Parse(invocation, compilation.GetSemanticModel(tree), default),
                        CallSiteParser.Parse(invocation, compilation.GetSemanticModel(tree), default, bindAlone: true)),
                    SimpleNameSyntax name => (
                        CallSiteParser.ParseReference(name, compilation.GetSemanticModel(tree), default),
                        CallSiteParser.ParseReference(name, compilation.GetSemanticModel(tree), default, bindAlone: true)),
                    _ => null,
                };
                if (results is { } pair)
                {
                    Assert.Equal(pair.InContext, pair.Alone);
                    compared += pair.InContext == CallSiteResult.NotProfiled ? 0 : 1;
                }
            }

            Assert.True(compared > 5, $"only {compared} uses of profiled methods compared");
        }
    }

    [Fact]
    public void The_argument_shapes_are_intercepted_or_skipped_as_in_their_statement()
    {
        var compilation = GeneratorHarness.Compilation([Arguments], profiling: true);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        List<InvocationExpressionSyntax> invocations = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
        List<CallSiteResult> results = invocations
            .Select(invocation => CallSiteParser.Parse(invocation, model, default, bindAlone: true))
            .Where(result => result != CallSiteResult.NotProfiled)
            .ToList();

        // 25 calls to profiled methods in Run and Constrained: the overloads told apart, the dynamic
        // and the constrained call skipped with their reasons, every other one intercepted.
        Assert.Equal(25, results.Count);
        Assert.Equal(23, results.Count(result => result.Intercepted is not null));
        Assert.Equal(
            ["M:Args.Calc.Add(System.Int32,System.Int32)", "M:Args.Calc.Add(System.Int64,System.Int64)", "M:Args.Calc.Add(System.String,System.String)"],
            results.Select(result => result.Intercepted?.TargetKey).Where(key => key?.StartsWith("M:Args.Calc.Add", StringComparison.Ordinal) == true).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            [SkipReason.DynamicCall, SkipReason.ConstrainedCall],
            results.Where(result => result.Skipped is not null).Select(result => result.Skipped!.Reason));

        // The shortcut is taken where it pays (an argument of another call, at any depth), and not
        // where the call's context decides its binding.
        string[] alone = invocations.Where(CallSiteParser.BindsAlone).Select(invocation => invocation.ToString()).ToArray();
        Assert.Contains("calc.Add(1, 2)", alone);
        Assert.Contains("calc.Twice(h)", alone);
        Assert.Contains("calc.Twice(1)", alone);
        Assert.Contains("calc.Twice(calc.Twice(1))", alone);
        Assert.DoesNotContain("calc.Twice(v)", alone);
        Assert.DoesNotContain(".Twice(1)", alone);
        Assert.DoesNotContain("Sink.Check(3, calc.Add(1, 2))", alone);
    }
}
