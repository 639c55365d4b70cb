using Edm.Profiling.Analyzers.Tests.Support;
using Edm.Profiling.CodeFixes;
using Edm.Profiling.Generators;
using Edm.Profiling.Generators.Diagnostics;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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

    // The declarations both sides of the method-group fix share (ending in a blank line); the uses follow.
    private const string MethodGroupDeclarations = """
        using System;
        using System.Threading.Tasks;
        using Edm.Profiling;

        namespace Text;

        public delegate bool TryRead(string text, out int value);

        [Profile]
        public static class CharHelper
        {
            public static bool IsWhitespace(this char c) => c == ' ';
            public static bool IsBlank(this string text) => text.Trim().Length == 0;
            public static bool TryParse(string text, out int value) => int.TryParse(text, out value);
            public static T Identity<T>(T value) => value;
            public static Task<int> LoadAsync() => Task.FromResult(1);
        }

        [Profile]
        public sealed class Counter
        {
            public int Twice(int x) => x * 2;
        }


        """;

    private const string MethodGroups = MethodGroupDeclarations + """
        public static class Uses
        {
            public static int Check(string text, Func<char, bool> test) => text.Split(' ').Length + (test(text[0]) ? 1 : 0);

            public static async Task<int> Run(Counter counter, string text)
            {
                int x = 1;
                int total = Check(text, {|EDM002:CharHelper.IsWhitespace|});
                Func<bool> blank = {|EDM002:text.IsBlank|};
                Func<int, int> twice = {|EDM002:counter.Twice|};
                TryRead read = {|EDM002:CharHelper.TryParse|};
                Func<int, int> identity = {|EDM002:CharHelper.Identity|};
                Func<Task<int>> load = {|EDM002:CharHelper.LoadAsync|};
                var natural = {|EDM002:counter.Twice|};
                object cast = (Func<int, int>){|EDM002:counter.Twice|};
                read("4", out int parsed);
                return total + (blank() ? 1 : 0) + twice(x) + parsed + identity(2) + await load() + natural(3) + ((Func<int, int>)cast)(4);
            }
        }
        """;


    private const string MethodGroupsFixed = MethodGroupDeclarations + """
        public static class Uses
        {
            public static int Check(string text, Func<char, bool> test) => text.Split(' ').Length + (test(text[0]) ? 1 : 0);

            public static async Task<int> Run(Counter counter, string text)
            {
                int x = 1;
                int total = Check(text, c => CharHelper.IsWhitespace(c));
                Func<bool> blank = () => text.IsBlank();
                Func<int, int> twice = x2 => counter.Twice(x2);
                TryRead read = (string text2, out int value) => CharHelper.TryParse(text2, out value);
                Func<int, int> identity = value => CharHelper.Identity<int>(value);
                Func<Task<int>> load = () => CharHelper.LoadAsync();
                var natural = (int x2) => counter.Twice(x2);
                object cast = (Func<int, int>)(x2 => counter.Twice(x2));
                read("4", out int parsed);
                return total + (blank() ? 1 : 0) + twice(x) + parsed + identity(2) + await load() + natural(3) + ((Func<int, int>)cast)(4);
            }
        }
        """;

    [Fact]
    public Task EDM002_method_group_becomes_a_lambda_for_static_instance_extension_out_generic_async_and_natural_uses()
    {
        return new ProfilingCodeFixTest<CallSiteAnalyzer, MethodGroupCodeFix>(MethodGroups, MethodGroupsFixed) { CodeActionEquivalenceKey = MethodGroupCodeFix.Title }.RunAsync();
    }

    [Fact]
    public Task EDM002_fix_is_not_offered_for_a_base_call_or_an_expression_tree()
    {
        const string Source = """
            using System;
            using System.Linq.Expressions;
            using Edm.Profiling;

            public class Service
            {
                [Profile] public virtual int Work(int x) => x;
            }

            public sealed class Derived : Service
            {
                public override int Work(int x) => {|EDM002:base.Work(x)|} + 1;
                public Func<int, int> Group() => {|EDM002:base.Work|};
                public static Expression<Func<int>> Tree(Service service) => () => {|EDM002:service.Work(1)|};
            }
            """;
        return new ProfilingCodeFixTest<CallSiteAnalyzer, MethodGroupCodeFix>(Source, Source).RunAsync();
    }

    [Fact]
    public Task EDM002_fix_is_not_offered_when_a_type_argument_is_anonymous()
    {
        const string Source = """
            using System;
            using Edm.Profiling;

            public static class Pick
            {
                [Profile] public static T Same<T>(T value) => value;

                public static object Run()
                {
                    var item = new { Name = "a" };
                    return Apply(item, {|EDM002:Same|});
                }

                private static T Apply<T>(T value, Func<T, T> map) => map(value);
            }
            """;
        return new ProfilingCodeFixTest<CallSiteAnalyzer, MethodGroupCodeFix>(Source, Source).RunAsync();
    }

    [Fact]
    public void The_fixed_method_groups_are_intercepted_by_the_generator()
    {
        (Compilation before, GeneratorRunResult beforeRun) = Generate(MethodGroups.Replace("{|EDM002:", "", StringComparison.Ordinal).Replace("|}", "", StringComparison.Ordinal));
        (Compilation after, GeneratorRunResult afterRun) = Generate(MethodGroupsFixed);

        // Eight method groups, all unprobed before; after the fix, eight calls intercepted and no use left unprobed.
        Assert.Equal(8, UnprobedSites(beforeRun));
        Assert.Equal(0, InterceptedCalls(beforeRun));
        Assert.Equal(0, UnprobedSites(afterRun));
        Assert.Equal(8, InterceptedCalls(afterRun));
        Assert.Empty(after.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(before.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static int InterceptedCalls(GeneratorRunResult run) => run.TrackedSteps.GetValueOrDefault(TrackingNames.InterceptorFiles, [])
        .SelectMany(step => step.Outputs)
        .SelectMany(value => ((InterceptorFileSpec)value.Value).Methods)
        .Sum(method => method.CallSites.Count);

    private static int UnprobedSites(GeneratorRunResult run) => run.TrackedSteps.GetValueOrDefault(TrackingNames.UnprobedSites, [])
        .SelectMany(step => step.Outputs)
        .SelectMany(value => (EquatableArray<UnprobedTargetSpec>)value.Value)
        .SelectMany(spec => spec.Sites.Split(';'))
        .Sum(part => int.Parse(part[(part.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static (Compilation Output, GeneratorRunResult Run) Generate(string source)
    {
        CSharpParseOptions parseOptions = ProfilingTest.ParseOptions(profiling: true);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Fixed",
            [CSharpSyntaxTree.ParseText(source, parseOptions, path: "/src/Fixed.cs")],
            ProfilingTest.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ProfilingGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            optionsProvider: BuildProperties.Profiling(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (output, driver.GetRunResult().Results.Single());
    }
}
