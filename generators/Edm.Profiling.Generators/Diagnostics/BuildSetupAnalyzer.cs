using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Edm.Profiling.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// The switch as a build sets it up: EDM006 (EdmProfiling is true but interceptors are not allowed in
/// the generated namespace) and EDM010 (only one of the property and the EDM_PROFILING symbol is set).
/// Both come from the package's build files; these catch a build assembled by hand. Read once per compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BuildSetupAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InterceptorsNamespaceMissing,
        DiagnosticDescriptors.SwitchHalfSetUp);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(compilation =>
        {
            if (compilation.Compilation.SyntaxTrees.FirstOrDefault() is not { } tree)
            {
                return;
            }

            var problems = new List<Diagnostic>();
            bool enabled = ProfilingSwitch.IsEnabled(compilation.Options.AnalyzerConfigOptionsProvider, compilation.CancellationToken);
            bool propertyVisible = compilation.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ProfilingSwitch.BuildPropertyKey, out _);
            bool symbolDefined = ProfilingSwitch.IsGated(tree);
            if (enabled)
            {
                IReadOnlyList<string> allowed = InterceptorsNamespaces.Allowed(tree.Options);
                if (!InterceptorsNamespaces.AllowsGenerated(allowed))
                {
                    string found = allowed.Count == 0 ? "InterceptorsNamespaces is empty" : "it allows " + string.Join(";", allowed);
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.InterceptorsNamespaceMissing, Location.None, found));
                }

                if (!symbolDefined)
                {
                    problems.Add(Diagnostic.Create(
                        DiagnosticDescriptors.SwitchHalfSetUp,
                        Location.None,
                        "EdmProfiling is true, but EDM_PROFILING is not defined, so the generator finds no [Profile] method: add this line to a PropertyGroup of the project: <DefineConstants>$(DefineConstants);EDM_PROFILING;EDM_PROFILING_METADATA</DefineConstants>"));
                }
            }
            else if (symbolDefined && !propertyVisible)
            {
                problems.Add(Diagnostic.Create(
                    DiagnosticDescriptors.SwitchHalfSetUp,
                    Location.None,
                    "EDM_PROFILING is defined, but the generator cannot see the EdmProfiling property, so nothing is profiled: add <CompilerVisibleProperty Include=\"EdmProfiling\" /> to an ItemGroup and build with -p:EdmProfiling=true"));
            }

            foreach (Diagnostic problem in problems)
            {
                compilation.ReportDiagnostic(problem);
            }
        });
    }
}
