using Basic.Reference.Assemblies;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Edm.Profiling.Analyzers.Tests.Support;

/// <summary>
/// How every analyzer test compiles its source: .NET 10 reference assemblies from
/// Basic.Reference.Assemblies (nothing is downloaded), the real runtime, and the switch on or off the
/// way the package's build files set it (the EdmProfiling property, the EDM_PROFILING symbols and
/// the interceptors namespace).
/// </summary>
internal static class ProfilingTest
{
    /// <summary>An empty reference set: the framework resolves no package, the references below are the whole world.</summary>
    public static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public static readonly IReadOnlyList<MetadataReference> References =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Profiler).Assembly.Location)];

    public static CSharpParseOptions ParseOptions(bool profiling, string? interceptorsNamespaces = "Edm.Profiling.Generated") =>
        new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: profiling ? ["EDM_PROFILING", "EDM_PROFILING_METADATA"] : [])
            .WithFeatures(interceptorsNamespaces is null ? [] : [new("InterceptorsNamespaces", interceptorsNamespaces)]);

    /// <summary>The analyzer config the package's props give the compiler: <c>build_property.EdmProfiling</c>.</summary>
    public static string GlobalConfig(bool profiling) => $"is_global = true\nbuild_property.EdmProfiling = {(profiling ? "true" : string.Empty)}\n";

    public static void Configure(SolutionState state, bool profiling)
    {
        state.AdditionalReferences.AddRange(References);
        state.AnalyzerConfigFiles.Add(("/.globalconfig", GlobalConfig(profiling)));
    }
}

/// <summary>An analyzer test with the switch on (default) or off.</summary>
internal sealed class ProfilingAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public ProfilingAnalyzerTest(string source, bool profiling = true)
    {
        Profiling = profiling;
        TestCode = source;
        ReferenceAssemblies = ProfilingTest.NoPackages;
        ProfilingTest.Configure(TestState, profiling);

        // The summary comes with every compilation built with the switch; only its own tests look at it.
        DisabledDiagnostics.Add(DiagnosticDescriptors.InterceptionSummary.Id);
    }

    public bool Profiling { get; }

    /// <summary>Whether EDM008 (the summary) is checked too.</summary>
    public bool WithSummary
    {
        get => !DisabledDiagnostics.Contains(DiagnosticDescriptors.InterceptionSummary.Id);
        set
        {
            DisabledDiagnostics.Remove(DiagnosticDescriptors.InterceptionSummary.Id);
            if (!value)
            {
                DisabledDiagnostics.Add(DiagnosticDescriptors.InterceptionSummary.Id);
            }
        }
    }

    public string? InterceptorsNamespaces { get; set; } = "Edm.Profiling.Generated";

    /// <summary>Whether EDM_PROFILING is defined; by default exactly when the switch is on, as the package's targets do.</summary>
    public bool? SymbolsDefined { get; set; }

    /// <summary>Replaces the build properties the compiler hands the analyzers, e.g. to leave EdmProfiling out.</summary>
    public void WithGlobalConfig(string text)
    {
        TestState.AnalyzerConfigFiles.Clear();
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", text));
    }

    protected override ParseOptions CreateParseOptions() => ProfilingTest.ParseOptions(SymbolsDefined ?? Profiling, InterceptorsNamespaces);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable).WithAllowUnsafe(true);
}

/// <summary>A code fix test: the source with its diagnostics marked, and the source after the fix.</summary>
internal sealed class ProfilingCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public ProfilingCodeFixTest(string source, string fixedSource, bool profiling = true)
    {
        Profiling = profiling;
        TestCode = source;
        FixedCode = fixedSource;
        ReferenceAssemblies = ProfilingTest.NoPackages;
        ProfilingTest.Configure(TestState, profiling);
        ProfilingTest.Configure(FixedState, profiling);
        DisabledDiagnostics.Add(DiagnosticDescriptors.InterceptionSummary.Id);
    }

    public bool Profiling { get; }

    protected override ParseOptions CreateParseOptions() => ProfilingTest.ParseOptions(Profiling);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable).WithAllowUnsafe(true);
}
