using Edm.Profiling.Analyzers.Tests.Support;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Analyzers.Tests;

/// <summary>EDM001, EDM005, EDM007, EDM009, EDM011: what [Profile] does where it is written.</summary>
public sealed class DeclarationRulesTests
{
    [Fact]
    public Task EDM001_fires_on_accessors_operators_local_functions_and_lambdas()
    {
        const string Source = """
            using System;
            using Edm.Profiling;

            public class Target
            {
                public int Size { [{|EDM001:Profile|}] get => 1; }

                [{|EDM001:Profile|}]
                public static Target operator +(Target a, Target b) => a;

                public int Run()
                {
                    Func<int, int> twice = [{|EDM001:Profile|}] (int x) => x * 2;
                    return Local(twice(1));

                    [{|EDM001:Profile|}]
                    static int Local(int x) => x + 1;
                }

                // Near miss: an ordinary method is intercepted.
                [Profile]
                public int Plain(int x) => x + 1;
            }
            """;
        return new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM011_summarises_the_methods_a_type_covers_but_cannot_reach_once_as_info_and_EDM001_stays_silent()
    {
        const string Source = """
            using Edm.Profiling;

            [{|#0:Profile|}]
            public class Cache<T>
            {
                public T Get(T value) => Normalize(Check(value));

                private T {|#1:Normalize|}(T value) => value;

                private T {|#2:Check|}(T value) => value;

                protected static int {|#3:Size|}() => 0;
            }
            """;
        var test = new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source, profiling: false);
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.TypeMembersNotProfiled)
            .WithSeverity(DiagnosticSeverity.Info)
            .WithLocation(0)
            .WithLocation(1)
            .WithLocation(2)
            .WithLocation(3)
            .WithArguments(
                "Cache<T>",
                "3",
                "a private or protected method of a generic type (or a private generic method before .NET 9) cannot be reached by generated code: 'Cache<T>.Normalize(T)', 'Cache<T>.Check(T)', 'Cache<T>.Size()'"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM011_groups_the_reasons_and_leaves_the_members_annotated_directly_to_EDM001()
    {
        const string Source = """
            using System.Collections;
            using Edm.Profiling;

            [{|#0:Profile|}]
            public class Buffers<T>
            {
                public int Run() => Peek() + (Items().MoveNext() ? 1 : 0);

                private int {|#1:Peek|}() => 1;

                public static IEnumerator {|#2:Items|}()
                {
                    yield return 1;
                }

                [{|#3:Profile|}]
                private int Own() => 2;

                [NoProfile]
                private int OptedOut() => 3;
            }
            """;
        var test = new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source);
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.TypeMembersNotProfiled)
            .WithLocation(0)
            .WithLocation(1)
            .WithLocation(2)
            .WithArguments(
                "Buffers<T>",
                "2",
                "a private or protected method of a generic type (or a private generic method before .NET 9) cannot be reached by generated code: 'Buffers<T>.Peek()'; an iterator returning the non-generic IEnumerator has no probe wrapper: 'Buffers<T>.Items()'"));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.UninterceptableMember)
            .WithLocation(3)
            .WithArguments("Buffers<T>.Own()", "a private or protected method of a generic type (or a private generic method before .NET 9) cannot be reached by generated code"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM011_is_not_raised_when_the_type_reaches_every_method()
    {
        const string Source = """
            using Edm.Profiling;

            [Profile]
            public class Plain
            {
                public int Get() => Helper();

                private int Helper() => 1;
            }
            """;
        return new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM001_is_not_raised_for_a_skip_of_one_target_only_whose_calls_get_EDM002()
    {
        // A ValueTask the project declares itself (as a netstandard2.0 library may) has no probe on this
        // target, though the same method is probed on others: no warning where it is declared.
        const string Source = """
            using Edm.Profiling;

            namespace System.Threading.Tasks { public readonly struct ValueTask { } }

            public class Target
            {
                [Profile]
                public System.Threading.Tasks.ValueTask Own() => default;

                public void Run() => Own();
            }

            // Covered by its type's [Profile]: not in an EDM011 either (its fix would opt it out on every target).
            [Profile]
            public class Covered
            {
                public System.Threading.Tasks.ValueTask Own() => default;
            }
            """;
        return new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM001_fires_with_the_switch_off_too()
    {
        const string Source = """
            using Edm.Profiling;

            public class Target
            {
                public int Size { [{|EDM001:Profile|}] get => 1; }
            }
            """;
        return new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source, profiling: false).RunAsync();
    }

    [Fact]
    public Task EDM001_names_the_member_and_the_reason()
    {
        const string Source = """
            using Edm.Profiling;

            public class Target
            {
                public int Size { [Profile] get => 1; }
            }
            """;
        var test = new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source);
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.UninterceptableMember)
            .WithSpan(5, 24, 5, 31)
            .WithArguments("Target.Size.get", "property, indexer and event accessors cannot be intercepted"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM005_fires_on_Detailed_for_an_expression_that_does_nothing_costly()
    {
        const string Source = """
            using System.Linq;
            using Edm.Profiling;

            public class Maths
            {
                [{|EDM005:Profile(Layer.Detailed)|}]
                public static int Twice(int x) => x * 2;

                [{|EDM005:Profile(Layer = Layer.Detailed, Category = "math")|}]
                public static bool IsEven(int x) => x % 2 == 0;

                // Near misses: calls, allocations, a block body, the Lightweight layer.
                [Profile(Layer.Detailed)]
                public static int Sum(int[] values) => values.Sum();

                [Profile(Layer.Detailed)]
                public static int[] Pair(int x) => new[] { x, x };

                [Profile(Layer.Detailed)]
                public static int Thrice(int x)
                {
                    return x * 3;
                }

                [Profile]
                public static int Half(int x) => x / 2;
            }
            """;
        return new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM007_fires_on_Profile_beside_NoProfile()
    {
        const string Source = """
            using Edm.Profiling;

            [Profile]
            public class Work
            {
                [Profile]
                [{|EDM007:NoProfile|}]
                public void Both() { }

                // Near miss: [NoProfile] opting out of the type's [Profile].
                [NoProfile]
                public void OptedOut() { }
            }
            """;
        return new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM009_fires_when_a_member_layer_differs_from_its_type()
    {
        const string Source = """
            using Edm.Profiling;

            [Profile(Layer.Detailed)]
            public class Work
            {
                [{|EDM009:Profile(Category = "io")|}]
                public void Read() { System.Console.WriteLine(); }

                // Near miss: the same layer as the type.
                [Profile(Layer.Detailed, Category = "io")]
                public void Write() { System.Console.WriteLine(); }
            }
            """;
        return new ProfilingAnalyzerTest<DeclarationAnalyzer>(Source).RunAsync();
    }
}
