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
}
