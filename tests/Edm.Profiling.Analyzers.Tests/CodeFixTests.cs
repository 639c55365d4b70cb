using Edm.Profiling.Analyzers.Tests.Support;
using Edm.Profiling.CodeFixes;
using Edm.Profiling.Generators.Diagnostics;

namespace Edm.Profiling.Analyzers.Tests;

/// <summary>Each code fix applied, compared with the source a person would have written.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task EDM001_Remove_Profile_takes_the_attribute_line_and_keeps_the_doc_comment()
    {
        const string Source = """
            using Edm.Profiling;

            public class Money
            {
                /// <summary>Adds.</summary>
                [{|EDM001:Profile|}]
                public static Money operator +(Money a, Money b) => a;
            }
            """;
        const string Fixed = """
            using Edm.Profiling;

            public class Money
            {
                /// <summary>Adds.</summary>
                public static Money operator +(Money a, Money b) => a;
            }
            """;
        return new ProfilingCodeFixTest<DeclarationAnalyzer, UninterceptableMemberCodeFix>(Source, Fixed) { CodeActionEquivalenceKey = "Remove [Profile]" }.RunAsync();
    }

    [Fact]
    public Task EDM001_Profiler_Scope_wraps_an_expression_body_and_replaces_the_attribute()
    {
        const string Source = """
            using Edm.Profiling;

            namespace Shop;

            public class Money
            {
                [{|EDM001:Profile(Layer.Detailed)|}]
                public static Money operator +(Money a, Money b) => Combine(a, b);

                private static Money Combine(Money a, Money b) => a;
            }
            """;
        const string Fixed = """
            using Edm.Profiling;

            namespace Shop;

            public class Money
            {
                public static Money operator +(Money a, Money b)
                {
                    using var _ = Profiler.Scope("Shop.Money.op_Addition(Money, Money)", Layer.Detailed);
                    return Combine(a, b);
                }

                private static Money Combine(Money a, Money b) => a;
            }
            """;
        return new ProfilingCodeFixTest<DeclarationAnalyzer, UninterceptableMemberCodeFix>(Source, Fixed) { CodeActionEquivalenceKey = "Time the body with Profiler.Scope" }.RunAsync();
    }

    [Fact]
    public Task EDM001_Profiler_Scope_goes_first_in_a_block_body_with_a_free_name()
    {
        const string Source = """
            using System;
            using Edm.Profiling;

            public class Store
            {
                private int _count;

                public int Count
                {
                    [{|EDM001:Profile|}]
                    get
                    {
                        _ = Environment.TickCount;
                        return _count;
                    }
                }
            }
            """;
        const string Fixed = """
            using System;
            using Edm.Profiling;

            public class Store
            {
                private int _count;

                public int Count
                {
                    get
                    {
                        using var scope = Profiler.Scope("Store.get_Count()", Layer.Lightweight);
                        _ = Environment.TickCount;
                        return _count;
                    }
                }
            }
            """;
        return new ProfilingCodeFixTest<DeclarationAnalyzer, UninterceptableMemberCodeFix>(Source, Fixed) { CodeActionEquivalenceKey = "Time the body with Profiler.Scope" }.RunAsync();
    }

    [Fact]
    public Task EDM011_Add_NoProfile_opts_every_unreachable_method_out_of_its_type()
    {
        const string Source = """
            using Edm.Profiling;

            [{|EDM011:Profile|}]
            public class Cache<T>
            {
                public T Get(T value) => Keep(Check(value));

                // Keeps the value.
                private T Keep(T value) => value;

                private T Check(T value) => value;
            }
            """;
        const string Fixed = """
            using Edm.Profiling;

            [Profile]
            public class Cache<T>
            {
                public T Get(T value) => Keep(Check(value));

                // Keeps the value.
                [NoProfile]
                private T Keep(T value) => value;

                [NoProfile]
                private T Check(T value) => value;
            }
            """;
        return new ProfilingCodeFixTest<DeclarationAnalyzer, UnreachableTypeMembersCodeFix>(Source, Fixed) { CodeActionEquivalenceKey = "Add [NoProfile] to the methods [Profile] cannot reach" }.RunAsync();
    }

    [Fact]
    public Task EDM003_fix_annotates_the_interface_member_with_the_implementation_layer()
    {
        const string Source = """
            using Edm.Profiling;

            public interface IShape
            {
                double Area();
            }

            public sealed class Square : IShape
            {
                [Profile(Layer.Detailed)]
                public double Area() => 4;
            }

            public static class Calls
            {
                public static double Run(IShape shape) => {|EDM003:shape.Area()|};
            }
            """;
        const string Fixed = """
            using Edm.Profiling;

            public interface IShape
            {
                [Profile(Layer.Detailed)]
                double Area();
            }

            public sealed class Square : IShape
            {
                [Profile(Layer.Detailed)]
                public double Area() => 4;
            }

            public static class Calls
            {
                public static double Run(IShape shape) => shape.Area();
            }
            """;
        return new ProfilingCodeFixTest<CallSiteAnalyzer, AnnotateMemberCodeFix>(Source, Fixed).RunAsync();
    }

    [Fact]
    public Task EDM004_fix_adds_using_to_a_local_and_a_variable_to_a_discarded_scope()
    {
        const string Source = """
            using System;
            using Edm.Profiling;

            public static class Blocks
            {
                public static void Run()
                {
                    var load = {|EDM004:Profiler.Scope("load")|};
                    Console.WriteLine(load.GetHashCode());
                }

                public static void Discard()
                {
                    // Time the rest.
                    {|EDM004:Profiler.Scope("rest")|};
                    Console.WriteLine();
                }
            }
            """;
        const string Fixed = """
            using System;
            using Edm.Profiling;

            public static class Blocks
            {
                public static void Run()
                {
                    using var load = Profiler.Scope("load");
                    Console.WriteLine(load.GetHashCode());
                }

                public static void Discard()
                {
                    // Time the rest.
                    using var _ = Profiler.Scope("rest");
                    Console.WriteLine();
                }
            }
            """;
        return new ProfilingCodeFixTest<ScopeDisposalAnalyzer, ScopeUsingCodeFix>(Source, Fixed).RunAsync();
    }

    [Fact]
    public Task EDM005_fix_drops_the_Detailed_layer_and_keeps_the_other_arguments()
    {
        const string Source = """
            using Edm.Profiling;

            public static class Maths
            {
                [{|EDM005:Profile(Layer.Detailed)|}]
                public static int Twice(int x) => x * 2;

                [{|EDM005:Profile(Layer.Detailed, Category = "math")|}]
                public static int Thrice(int x) => x * 3;
            }
            """;
        const string Fixed = """
            using Edm.Profiling;

            public static class Maths
            {
                [Profile]
                public static int Twice(int x) => x * 2;

                [Profile(Category = "math")]
                public static int Thrice(int x) => x * 3;
            }
            """;
        return new ProfilingCodeFixTest<DeclarationAnalyzer, LightweightLayerCodeFix>(Source, Fixed).RunAsync();
    }
}
