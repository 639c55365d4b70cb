using System.Globalization;
using System.Reflection;
using Edm.Profiling.Generators.Tests.Support;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// Compiles TestSources/Shapes.cs twice, with and without EdmProfiling=true, against the real runtime,
/// loads both and runs each scenario in both: the results must be the same, and the profiled build's
/// session must count the calls.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class CompileAndRunTests
{
    private static readonly Lazy<Assembly> s_profiled = new(() => GeneratorHarness.Load([TestSources.Shapes], profiling: true, "Shapes.Profiled"));
    private static readonly Lazy<Assembly> s_plain = new(() => GeneratorHarness.Load([TestSources.Shapes], profiling: false, "Shapes.Plain"));

    [Fact]
    public void Only_the_profiled_build_contains_interceptors()
    {
        Assert.Contains(s_profiled.Value.GetTypes(), t => t.Namespace == "Edm.Profiling.Generated");
        Assert.DoesNotContain(s_plain.Value.GetTypes(), t => t.Namespace == "Edm.Profiling.Generated");
    }

    [Fact]
    public void Static_calls_are_counted()
    {
        SessionReport report = RunBoth("Static", "5");
        Assert.Equal(1, Calls(report, "Shapes.Calc.Add(int, int)"));
    }

    [Fact]
    public void Ref_out_in_and_ref_readonly_arguments_keep_their_values()
    {
        SessionReport report = RunBoth("RefAndOut", "2,1,True,5,14,8");
        Assert.Equal(1, Calls(report, "Shapes.Calc.Swap(ref int, ref int)"));
        Assert.Equal(1, Calls(report, "Shapes.Calc.TryHalve(int, out int)"));
        Assert.Equal(1, Calls(report, "Shapes.Calc.ReadIn(in int)"));
        Assert.Equal(1, Calls(report, "Shapes.Calc.ReadRefReadonly(ref readonly int)"));
    }

    [Fact]
    public void Params_optional_and_named_arguments_bind_as_written()
    {
        SessionReport report = RunBoth("ParamsOptionalNamed", "6|0|Hello Ann|Hi Bo Hi Bo");
        Assert.Equal(2, Calls(report, "Shapes.Calc.Sum(int[])"));
        Assert.Equal(2, Calls(report, "Shapes.Calc.Greet(string, string, int)"));
    }

    [Fact]
    public void Generic_methods_and_methods_of_generic_types_share_one_probe_per_declaration()
    {
        SessionReport report = RunBoth("Generics", "5,s,9,2.5,40,2");
        Assert.Equal(3, Calls(report, "Shapes.Calc.Identity<T>(T)"));
        Assert.Equal(1, Calls(report, "Shapes.Calc.Max<T>(T, T)"));
        Assert.Equal(2, Calls(report, "Shapes.Box<T>.Of(T)"));
        Assert.Equal(2, Calls(report, "Shapes.Box<T>.Map<TResult>(Func<T, TResult>)"));
    }

    [Fact]
    public void Extension_methods_are_intercepted_in_both_call_forms()
    {
        SessionReport report = RunBoth("Extensions", "abab,cdcd,20");
        Assert.Equal(2, Calls(report, "Shapes.TextExtensions.Twice(string)"));
        Assert.Equal(2, Calls(report, "Shapes.TextExtensions.Bump(ref Counter)"));
    }

    [Fact]
    public void Struct_receivers_keep_their_mutations()
    {
        SessionReport report = RunBoth("StructMutation", "2,2,1");
        Assert.Equal(3, Calls(report, "Shapes.Counter.Increment()"));
        Assert.Equal(1, Calls(report, "Shapes.Counter.Peek()"));
    }

    [Fact]
    public void Private_static_methods_of_static_and_private_types_are_reached_by_name()
    {
        SessionReport report = RunBoth("PrivateStatics", "12,16");
        Assert.Equal(1, Calls(report, "Shapes.Helpers.Scale(int, int)"));
        Assert.Equal(1, Calls(report, "Shapes.Helpers.Nested.Times4(int)"));
    }

    [Fact]
    public void Ref_returns_still_alias_the_storage()
    {
        SessionReport report = RunBoth("RefReturn", "43");
        Assert.Equal(3, Calls(report, "Shapes.Calc.Cell(int)"));
    }

    [Fact]
    public void Conditional_virtual_private_and_protected_calls_are_probed_and_NoProfile_is_not()
    {
        SessionReport report = RunBoth("ConditionalAndVirtual", "7,101,5,1,7,1a", true);
        Assert.Equal(1, Calls(report, "Shapes.Service.Work(int)"));
        Assert.Equal(1, Calls(report, "Shapes.Service.UseSecret(int)"));
        Assert.Equal(1, Calls(report, "Shapes.Service.Secret(int)"));
        Assert.Equal(1, Calls(report, "Shapes.Service.Guarded()"));
        Assert.Equal(2, Calls(report, "Shapes.Service.Echo<T>(T)"));
        Assert.Equal(1, Calls(report, "Shapes.Service.Custom"));
        Assert.Equal(0, Calls(report, "Shapes.Service.Untouched()"));
        Assert.Equal(Layer.Detailed, report.Probes.Single(p => p.Name == "Shapes.Service.Custom").Layer);
        Assert.Equal("service", report.Probes.Single(p => p.Name == "Shapes.Service.Work(int)").Category);

        SessionReport absent = RunBoth("ConditionalAndVirtual", "null,101,5,1,7,1a", false);
        Assert.Equal(0, Calls(absent, "Shapes.Service.Work(int)"));
    }

    [Fact]
    public void Calls_through_an_annotated_interface_member_are_named_after_it()
    {
        SessionReport report = RunBoth("Interfaces", "9,4,9,4");

        // shape.Area() and the class-constrained call; not Square.Area() (not annotated) nor the
        // call on an unconstrained T (it could be a struct: skipped).
        Assert.Equal(2, Calls(report, "Shapes.IShape.Area()"));
    }

    [Fact]
    public void Calls_in_lambdas_and_local_functions_are_probed()
    {
        SessionReport report = RunBoth("LambdasAndLocalFunctions", "11,22");
        Assert.Equal(2, Calls(report, "Shapes.Calc.Add(int, int)"));
    }

    [Fact]
    public void Method_groups_expression_trees_and_nameof_are_left_alone()
    {
        SessionReport report = RunBoth("NotIntercepted", "7,2,Add");
        Assert.Equal(0, Calls(report, "Shapes.Calc.Add(int, int)"));
    }

    [Fact]
    public void Exceptions_pass_through_unchanged_and_are_counted()
    {
        SessionReport report = RunBoth("Throws", "boom|at Shapes.Calc.Fail(String message)");
        MethodStatistics fail = report.FindMethod("Shapes.Calc.Fail(string)")!;
        Assert.Equal(1, fail.Calls);
        Assert.Equal(1, fail.FaultedCalls);
    }

    [Fact]
    public void Async_methods_are_timed_to_completion_with_results_exceptions_and_cancellation_unchanged()
    {
        SessionReport report = RunBoth("AsyncShapes", "8,5,async boom,same token");
        foreach (string name in new[] { "DelayAsync(int)", "ComputeAsync(int)", "ValueAsync(int)", "NothingAsync()" })
        {
            Assert.Equal(1, Calls(report, "Shapes.Async." + name));
        }

        Assert.Equal(1, report.FindMethod("Shapes.Async.FailAsync()")!.FaultedCalls);
        Assert.Equal(1, report.FindMethod("Shapes.Async.WaitForeverAsync(CancellationToken)")!.FaultedCalls);
        Assert.True(report.FindMethod("Shapes.Async.DelayAsync(int)")!.InclusiveNs >= 1_000_000, "DelayAsync is timed until its task completes");
    }

    [Fact]
    public void The_callers_synchronization_context_behaves_as_without_probes()
    {
        string plain = SingleThreadContext.Run(() => (Task<string>)Scenario(s_plain.Value, "ContextFlow").Invoke(null, null)!);
        using ProfilingSession session = Profiler.StartSession("context");
        string profiled = SingleThreadContext.Run(() => (Task<string>)Scenario(s_profiled.Value, "ContextFlow").Invoke(null, null)!);
        SessionReport report = session.Stop();

        Assert.Equal("kept=True,left=True", plain);
        Assert.Equal(plain, profiled);
        Assert.Equal(2, Calls(report, "Shapes.Async.ComputeAsync(int)"));
    }

    [Fact]
    public void Iterators_count_one_call_per_enumeration_and_other_sequences_are_returned_as_is()
    {
        SessionReport report = RunBoth("Iterators", "6,4,True");
        Assert.Equal(2, Calls(report, "Shapes.Sequences.Range(int)"));
        Assert.Equal(1, Calls(report, "Shapes.Sequences.NotAnIterator(List<int>)"));
        Assert.Equal(ProbeKind.Iterator, report.Probes.Single(p => p.Name == "Shapes.Sequences.Range(int)").Kind);
        Assert.Equal(ProbeKind.Method, report.Probes.Single(p => p.Name == "Shapes.Sequences.NotAnIterator(List<int>)").Kind);
    }

    [Fact]
    public void Async_iterators_count_one_call_per_enumeration()
    {
        SessionReport report = RunBoth("AsyncIterators", "3");
        Assert.Equal(1, Calls(report, "Shapes.Sequences.RangeAsync(int)"));
        Assert.Equal(ProbeKind.AsyncIterator, report.Probes.Single(p => p.Name == "Shapes.Sequences.RangeAsync(int)").Kind);
    }

    [Fact]
    public void Calls_in_top_level_statements_are_probed()
    {
        string source = """
            using Edm.Profiling;
            TopLevel.Lib.Result = TopLevel.Lib.Twice(21);
            namespace TopLevel
            {
                public static class Lib
                {
                    public static int Result;
                    [Profile] public static int Twice(int x) => x * 2;
                }
            }
            """;
        var compilation = GeneratorHarness.Compilation([source], profiling: true, "TopLevel.Profiled", kind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
        var (output, _, _) = GeneratorHarness.Run(compilation, profiling: true);
        Assembly assembly = Assembly.Load(GeneratorHarness.Emit(output));

        using ProfilingSession session = Profiler.StartSession("top-level");
        assembly.EntryPoint!.Invoke(null, [Array.Empty<string>()]);
        SessionReport report = session.Stop();

        Assert.Equal(42, assembly.GetType("TopLevel.Lib")!.GetField("Result")!.GetValue(null));
        Assert.Equal(1, Calls(report, "TopLevel.Lib.Twice(int)"));
    }

    /// <summary>Runs a scenario in the plain build, then in the profiled build inside a session; both must give <paramref name="expected"/>.</summary>
    private static SessionReport RunBoth(string scenario, string expected, params object[] arguments)
    {
        CultureInfo culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            string plain = Invoke(s_plain.Value, scenario, arguments);
            using ProfilingSession session = Profiler.StartSession("scenario " + scenario);
            string profiled;
            SessionReport report;
            try
            {
                profiled = Invoke(s_profiled.Value, scenario, arguments);
            }
            finally
            {
                report = session.Stop();
            }

            Assert.StartsWith(expected, plain, StringComparison.Ordinal);
            Assert.Equal(plain, profiled);
            return report;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static string Invoke(Assembly assembly, string scenario, object[] arguments) =>
        Scenario(assembly, scenario).Invoke(null, arguments) switch
        {
            Task<string> task => task.GetAwaiter().GetResult(),
            string text => text,
            var other => throw new InvalidOperationException($"Scenario {scenario} returned {other}"),
        };

    private static MethodInfo Scenario(Assembly assembly, string name) =>
        assembly.GetType("Shapes.Scenarios")!.GetMethod(name) ?? throw new InvalidOperationException("No scenario " + name);

    private static long Calls(SessionReport report, string method) => report.FindMethod(method)?.Calls ?? 0;
}
