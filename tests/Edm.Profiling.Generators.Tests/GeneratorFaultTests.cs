using System.Collections.Immutable;
using System.Reflection;
using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// A fault inside the generator (injected here, stage by stage) is never silent: it is EDM012, placed
/// where it happened, and the calls it concerns stay as written, unprobed, while the build and the
/// program go on, and calls the fault did not touch are still probed.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class GeneratorFaultTests
{
    private const string Library = """
        using Edm.Profiling;

        namespace Faults;

        public static class Target
        {
            [Profile]
            public static int Twice(int value) => value * 2;
        }
        """;

    private const string FaultyCaller = """
        namespace Faults;

        public static class FaultyCaller
        {
            public static int Run() => Target.Twice(1);
        }
        """;

    private const string HealthyCaller = """
        namespace Faults;

        public static class HealthyCaller
        {
            public static int Run() => Target.Twice(2);
        }
        """;

    private const string FaultyFile = "/src/InjectedFault.cs";

    [Fact]
    public void A_fault_reading_a_call_is_reported_there_and_leaves_that_call_unprobed()
    {
        (ImmutableArray<Diagnostic> diagnostics, Compilation output) = RunWithFault(GeneratorFaultSpec.ReadingCall, FaultyFile, "Calls.Read");

        Diagnostic fault = Assert.Single(diagnostics);
        AssertIsFault(fault, GeneratorFaultSpec.ReadingCall);
        Assert.Equal(FaultyFile, fault.Location.GetLineSpan().Path);
        Assert.Equal(5, fault.Location.GetLineSpan().StartLinePosition.Line + 1);

        // The faulty file's call runs unprobed, the healthy file's is probed.
        Assert.Equal(1, CountedCalls(output, "Calls.Read"));
    }

    [Fact]
    public void A_fault_scanning_a_file_is_reported_and_leaves_its_calls_unprobed()
    {
        (ImmutableArray<Diagnostic> diagnostics, Compilation output) = RunWithFault(GeneratorFaultSpec.ScanningCalls, FaultyFile, "Calls.Scan");

        Diagnostic fault = Assert.Single(diagnostics);
        AssertIsFault(fault, GeneratorFaultSpec.ScanningCalls);
        Assert.Equal(FaultyFile, fault.Location.GetLineSpan().Path);
        Assert.Equal(1, CountedCalls(output, "Calls.Scan"));
    }

    [Fact]
    public void A_fault_reading_a_declaration_is_reported_there_and_its_method_is_not_probed()
    {
        (ImmutableArray<Diagnostic> diagnostics, Compilation output) = RunWithFault(GeneratorFaultSpec.ReadingDeclaration, "/src/Library.cs", "Declarations");

        Diagnostic fault = Assert.Single(diagnostics);
        AssertIsFault(fault, GeneratorFaultSpec.ReadingDeclaration);
        Assert.Equal("/src/Library.cs", fault.Location.GetLineSpan().Path);
        Assert.DoesNotContain(output.SyntaxTrees, tree => tree.FilePath.EndsWith("Interceptors.g.cs", StringComparison.Ordinal));
        Assert.Equal(0, CountedCalls(output, "Declarations"));
    }

    [Fact]
    public void A_fault_writing_interceptors_is_reported_and_no_file_is_added()
    {
        (ImmutableArray<Diagnostic> diagnostics, Compilation output) = RunWithFault(GeneratorFaultSpec.WritingInterceptors, "Faults.Target.Interceptors.g.cs", "Writing");

        Diagnostic fault = Assert.Single(diagnostics);
        AssertIsFault(fault, GeneratorFaultSpec.WritingInterceptors);
        Assert.Contains("Faults.Target.Interceptors.g.cs", fault.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(output.SyntaxTrees, tree => tree.FilePath.EndsWith("Interceptors.g.cs", StringComparison.Ordinal));
        Assert.Equal(0, CountedCalls(output, "Writing"));
    }

    [Fact]
    public void Without_a_fault_both_calls_are_probed_and_nothing_is_reported()
    {
        (ImmutableArray<Diagnostic> diagnostics, Compilation output) = RunWithFault("no such stage", FaultyFile, "Control");

        Assert.Empty(diagnostics);
        Assert.Equal(2, CountedCalls(output, "Control"));
    }

    private static void AssertIsFault(Diagnostic diagnostic, string stage)
    {
        Assert.Equal("EDM012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(stage, message, StringComparison.Ordinal);
        Assert.Contains("Fault injected by a test", message, StringComparison.Ordinal);
        Assert.Contains("please report", message, StringComparison.Ordinal);
        Assert.Contains("unprofiled", message, StringComparison.Ordinal);
    }

    /// <summary>Runs the generator with a fault at <paramref name="stage"/> for <paramref name="subject"/>; the output compiles cleanly.</summary>
    private static (ImmutableArray<Diagnostic> Diagnostics, Compilation Output) RunWithFault(string stage, string subject, string assemblySuffix)
    {
        CSharpParseOptions options = GeneratorHarness.ParseOptions(profiling: true);
        CSharpCompilation compilation = GeneratorHarness.Compilation([], profiling: true, "Faults." + assemblySuffix).AddSyntaxTrees(
            CSharpSyntaxTree.ParseText(Library, options, "/src/Library.cs"),
            CSharpSyntaxTree.ParseText(FaultyCaller, options, FaultyFile),
            CSharpSyntaxTree.ParseText(HealthyCaller, options, "/src/Healthy.cs"));
        FaultInjection.Hook = (at, on) => at == stage && on == subject;
        try
        {
            (Compilation output, _, ImmutableArray<Diagnostic> diagnostics) = GeneratorHarness.Run(compilation, profiling: true);
            return (diagnostics, output);
        }
        finally
        {
            FaultInjection.Hook = null;
        }
    }

    /// <summary>Runs both callers (each calls <c>Target.Twice</c> once, and gets the right result) under a session: how many calls it counted.</summary>
    private static long CountedCalls(Compilation output, string assemblySuffix)
    {
        Assembly assembly = Assembly.Load(GeneratorHarness.Emit(output));
        using ProfilingSession session = Profiler.StartSession("faults " + assemblySuffix);
        int faulty = (int)assembly.GetType("Faults.FaultyCaller", throwOnError: true)!.GetMethod("Run")!.Invoke(null, null)!;
        int healthy = (int)assembly.GetType("Faults.HealthyCaller", throwOnError: true)!.GetMethod("Run")!.Invoke(null, null)!;
        SessionReport report = session.Stop();
        Assert.Equal((2, 4), (faulty, healthy));
        return report.FindMethod("Faults.Target.Twice(int)")?.Calls ?? 0;
    }
}
