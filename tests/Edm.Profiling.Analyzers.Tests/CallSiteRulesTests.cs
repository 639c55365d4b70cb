using Edm.Profiling.Analyzers.Tests.Support;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Edm.Profiling.Analyzers.Tests;

/// <summary>EDM002, EDM003 and EDM008: uses of profiled methods.</summary>
public sealed class CallSiteRulesTests
{
    [Fact]
    public Task EDM002_fires_on_method_groups_base_calls_and_expression_trees_but_not_on_calls_or_nameof()
    {
        const string Source = """
            using System;
            using System.Linq.Expressions;
            using Edm.Profiling;

            public class Service
            {
                [Profile]
                public virtual int Work(int x) => x + 1;
            }

            public class Derived : Service
            {
                public override int Work(int x) => {|EDM002:base.Work(x)|} * 2;
            }

            public static class Calls
            {
                public static void Run(Service service)
                {
                    Func<int, int> group = {|EDM002:service.Work|};
                    Expression<Func<int>> tree = () => {|EDM002:service.Work(1)|};

                    // Near misses: a direct call is intercepted; nameof only names.
                    service.Work(2);
                    Console.WriteLine(nameof(service.Work));
                }
            }
            """;
        return new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM002_finds_every_shape_of_expression_tree_and_no_delegate_lambda()
    {
        // The parser tells an expression tree from a delegate by the type each enclosing lambda
        // converts to, and by the operations inside a query: each shape here takes one of those paths.
        const string Source = """
            using System;
            using System.Linq;
            using System.Linq.Expressions;
            using Edm.Profiling;

            public class Service
            {
                [Profile]
                public int Work(int x) => x + 1;
            }

            public static class Calls
            {
                public static void Run(Service service, IQueryable<int> query, int[] array)
                {
                    var cast = (Expression<Func<int>>)(() => {|EDM002:service.Work(1)|});
                    Expression<Func<int, Func<int>>> nested = x => () => {|EDM002:service.Work(x)|};
                    LambdaExpression natural = (int x) => {|EDM002:service.Work(x)|};
                    IQueryable<int> argument = query.Where(x => {|EDM002:service.Work(x)|} > 1);
                    IQueryable<int> syntax = from x in query where {|EDM002:service.Work(x)|} > 1 select x;

                    // Near misses: delegates, inside and outside a query over an array, are intercepted.
                    Func<int> lambda = () => service.Work(2);
                    Func<int, Func<int>> curried = x => () => service.Work(x);
                    int[] filtered = array.Where(x => service.Work(x) > 1).ToArray();
                    var enumerable = from x in array where service.Work(x) > 1 select x;
                }
            }
            """;
        return new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM002_reports_the_calls_to_a_method_skipped_on_this_target_only()
    {
        const string Source = """
            using Edm.Profiling;

            namespace System.Threading.Tasks { public readonly struct ValueTask { } }

            public class Target
            {
                [Profile]
                public System.Threading.Tasks.ValueTask Own() => default;

                public void Run() => {|EDM002:Own()|};
            }
            """;
        return new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM002_names_the_method_and_the_reason()
    {
        const string Source = """
            using Edm.Profiling;

            public static class Calls
            {
                [Profile]
                public static int Square(int x) => x * x;

                public static object Run(dynamic value) => Square(value);
            }
            """;
        var test = new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.UseNotProfiled)
            .WithSpan(8, 48, 8, 61)
            .WithArguments("Calls.Square(int)", "a dynamic call is bound at run time, so the compiler cannot intercept it"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM003_fires_on_calls_through_an_unannotated_interface_or_base_member()
    {
        const string Source = """
            using Edm.Profiling;

            public interface IShape
            {
                double Area();
            }

            public sealed class Square : IShape
            {
                [Profile]
                public double Area() => 4;
            }

            public class Reader
            {
                public virtual int Read() => 0;
            }

            public sealed class FileReader : Reader
            {
                [Profile]
                public override int Read() => 1;
            }

            public sealed class Other : Reader
            {
            }

            public sealed class Named
            {
                [Profile]
                public override string ToString() => "named";
            }

            public static class Calls
            {
                public static double Run(IShape shape, Square square, Reader reader, FileReader file, Other other)
                {
                    double total = {|EDM003:shape.Area()|} + {|EDM003:reader.Read()|};

                    // Near misses: bound to the annotated method itself (the override, through its own type);
                    // a receiver that cannot be a FileReader.
                    total += square.Area() + file.Read();
                    total += other.Read();

                    // Near miss: object.ToString() cannot take [Profile], so nothing to ask for.
                    object boxed = new Named();
                    total += boxed.ToString()!.Length;
                    return total;
                }
            }
            """;
        return new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM003_is_info_when_only_the_implementations_type_carries_Profile()
    {
        const string Source = """
            using Edm.Profiling;

            public interface IShape
            {
                double Area();

                double Perimeter();
            }

            [Profile]
            public sealed class Square : IShape
            {
                public double Area() => 4;

                [Profile]
                public double Perimeter() => 8;
            }

            public static class Calls
            {
                public static double Run(IShape shape) => {|#0:shape.Area()|} + {|#1:shape.Perimeter()|};
            }
            """;
        var test = new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source, profiling: false);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.CalledThroughUnannotatedMember)
            .WithLocation(0)
            .WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("IShape.Area()", "Square.Area()"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.CalledThroughUnannotatedMember)
            .WithLocation(1)
            .WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("IShape.Perimeter()", "Square.Perimeter()"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM003_does_not_fire_when_the_interface_member_is_annotated()
    {
        const string Source = """
            using Edm.Profiling;

            public interface IShape
            {
                [Profile]
                double Area();
            }

            public sealed class Square : IShape
            {
                [Profile]
                public double Area() => 4;
            }

            public static class Calls
            {
                public static double Run(IShape shape) => shape.Area();
            }
            """;
        return new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM008_summarises_intercepted_and_skipped_calls_with_the_switch_on()
    {
        const string Source = """
            using Edm.Profiling;

            public class Service
            {
                [Profile]
                public virtual int Work(int x) => x + 1;

                public int Twice(int x) => {|#0:Work(x)|} + Work(x);
            }

            public class Derived : Service
            {
                public override int Work(int x) => {|EDM002:base.Work(x)|};
            }
            """;
        var test = new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source) { WithSummary = true };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.InterceptionSummary).WithLocation(0).WithArguments("2", "3", "; not intercepted: 1 BaseCall"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM008_is_raised_by_an_editorconfig_file_section()
    {
        // The summary sits on the first counted call, so [*.cs] severities reach it like any rule.
        const string Source = """
            using Edm.Profiling;

            public class Service
            {
                [Profile]
                public int Work(int x) => x + 1;

                public int Twice(int x) => {|#0:Work(x)|} + Work(x);
            }
            """;
        var test = new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source) { WithSummary = true };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.EDM008.severity = warning\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.InterceptionSummary)
            .WithLocation(0)
            .WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("2", "2", string.Empty));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM008_is_not_reported_with_the_switch_off()
    {
        const string Source = """
            using Edm.Profiling;

            public class Service
            {
                [Profile]
                public int Work(int x) => x + 1;

                public int Twice(int x) => Work(x) + Work(x);
            }
            """;
        return new ProfilingAnalyzerTest<CallSiteAnalyzer>(Source, profiling: false) { WithSummary = true }.RunAsync();
    }
}
