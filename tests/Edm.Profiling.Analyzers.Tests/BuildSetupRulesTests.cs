using Edm.Profiling.Analyzers.Tests.Support;
using Edm.Profiling.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Edm.Profiling.Analyzers.Tests;

/// <summary>EDM006 and EDM010: the switch as a hand-made build sets it up.</summary>
public sealed class BuildSetupRulesTests
{
    private const string Source = "public static class Empty { }";

    [Fact]
    public Task EDM006_gives_the_line_to_add_when_InterceptorsNamespaces_lacks_the_generated_namespace()
    {
        var test = new ProfilingAnalyzerTest<BuildSetupAnalyzer>(Source) { InterceptorsNamespaces = "Other.Generated" };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.InterceptorsNamespaceMissing).WithArguments("it allows Other.Generated"));
        return test.RunAsync();
    }

    [Fact]
    public async Task EDM006_message_holds_the_exact_line_to_add()
    {
        var test = new ProfilingAnalyzerTest<BuildSetupAnalyzer>(Source) { InterceptorsNamespaces = null };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.InterceptorsNamespaceMissing).WithArguments("InterceptorsNamespaces is empty"));
        await test.RunAsync();

        string message = string.Format(System.Globalization.CultureInfo.InvariantCulture, DiagnosticDescriptors.InterceptorsNamespaceMissing.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), "x");
        Assert.Contains("<InterceptorsNamespaces>$(InterceptorsNamespaces);Edm.Profiling.Generated</InterceptorsNamespaces>", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Edm.Profiling.Generated")]
    [InlineData("Other;Edm.Profiling.Generated")]
    [InlineData("Edm.Profiling")]
    [InlineData("Edm")]
    public Task EDM006_does_not_fire_when_the_namespace_or_one_containing_it_is_allowed(string namespaces) =>
        new ProfilingAnalyzerTest<BuildSetupAnalyzer>(Source) { InterceptorsNamespaces = namespaces }.RunAsync();

    [Fact]
    public Task EDM006_does_not_fire_with_the_switch_off()
    {
        var test = new ProfilingAnalyzerTest<BuildSetupAnalyzer>(Source, profiling: false) { InterceptorsNamespaces = null };
        return test.RunAsync();
    }

    [Fact]
    public Task EDM010_fires_when_EdmProfiling_is_true_but_EDM_PROFILING_is_not_defined()
    {
        var test = new ProfilingAnalyzerTest<BuildSetupAnalyzer>(Source) { SymbolsDefined = false };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.SwitchHalfSetUp).WithArguments(
            "EdmProfiling is true, but EDM_PROFILING is not defined, so the generator finds no [Profile] method: add this line to a PropertyGroup of the project: <DefineConstants>$(DefineConstants);EDM_PROFILING;EDM_PROFILING_METADATA</DefineConstants>"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM010_fires_when_EDM_PROFILING_is_defined_but_the_property_is_not_visible()
    {
        var test = new ProfilingAnalyzerTest<BuildSetupAnalyzer>(Source, profiling: false) { SymbolsDefined = true };
        test.WithGlobalConfig("is_global = true\n");
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.SwitchHalfSetUp).WithArguments(
            "EDM_PROFILING is defined, but the generator cannot see the EdmProfiling property, so nothing is profiled: add <CompilerVisibleProperty Include=\"EdmProfiling\" /> to an ItemGroup and build with -p:EdmProfiling=true"));
        return test.RunAsync();
    }

    [Fact]
    public Task EDM010_does_not_fire_when_the_property_is_visible_and_false_while_the_symbol_is_defined_by_hand()
    {
        var test = new ProfilingAnalyzerTest<BuildSetupAnalyzer>(Source, profiling: false) { SymbolsDefined = true };
        return test.RunAsync();
    }
}
