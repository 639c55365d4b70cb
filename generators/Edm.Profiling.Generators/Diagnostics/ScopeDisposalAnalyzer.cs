using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// EDM004: a <c>Profiler.Scope(...)</c> whose result is thrown away, or kept in a local that is never
/// disposed. A scope handed on (returned, passed, stored in a field) is its receiver's to dispose.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScopeDisposalAnalyzer : DiagnosticAnalyzer
{
    private const string ProfilerTypeName = "Edm.Profiling.Profiler";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ScopeNotDisposed);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(ProfilerTypeName) is not { } profiler)
            {
                return;
            }

            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, profiler), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol profiler)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "Scope" || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, profiler))
        {
            return;
        }

        if (ScopeOwnership.IsDisposedOrHandedOn(invocation))
        {
            return;
        }

        string name = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.Syntax.ToString() : string.Empty;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ScopeNotDisposed, invocation.Syntax.GetLocation(), name));
    }
}
