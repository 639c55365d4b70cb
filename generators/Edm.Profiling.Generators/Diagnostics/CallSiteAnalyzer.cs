using System.Collections.Immutable;
using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// Uses of profiled methods: EDM002 (a use the generator leaves unprobed, and why), EDM003 (a call
/// that dispatches to an annotated implementation through an unannotated member) and, with the switch
/// on, EDM008 (how many calls are intercepted; method groups count as call sites that are not). Invocations are filtered by name and classified by the
/// generator's own parser, so these diagnostics and the generated code always agree.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallSiteAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the <see cref="SkipReason"/> name of an EDM002.</summary>
    public const string ReasonProperty = "Reason";

    /// <summary>Diagnostic property: the documentation id of the member an EDM003 asks to annotate.</summary>
    public const string MemberProperty = "Member";

    /// <summary>Diagnostic property: the layer (0 Lightweight, 1 Detailed) of the annotated implementation of an EDM003.</summary>
    public const string LayerProperty = "Layer";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UseNotProfiled,
        DiagnosticDescriptors.CalledThroughUnannotatedMember,
        DiagnosticDescriptors.InterceptionSummary);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var classifier = new CallSiteClassifier(start.Compilation);
            var implementations = new AnnotatedImplementations(start.Compilation);
            InterceptionTally? tally = ProfilingSwitch.IsEnabled(start.Options.AnalyzerConfigOptionsProvider, start.CancellationToken)
                ? new InterceptionTally()
                : null;

            start.RegisterSyntaxNodeAction(node => AnalyzeInvocation(node, classifier, implementations, tally), SyntaxKind.InvocationExpression);
            start.RegisterOperationAction(operation => AnalyzeMethodReference(operation, classifier, tally), OperationKind.MethodReference);
            if (tally is not null)
            {
                start.RegisterCompilationEndAction(end => end.ReportDiagnostic(tally.ToDiagnostic()));
            }
        });
    }

    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, CallSiteClassifier classifier, AnnotatedImplementations implementations, InterceptionTally? tally)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (!classifier.MightBeProfiled(invocation))
        {
            return;
        }

        CallSiteUse use = classifier.Classify(invocation, context.SemanticModel, context.CancellationToken);
        if (use.CallsProfiledMethod)
        {
            // The generator counts only files compiled with EDM_PROFILING.
            if (tally is not null && ProfilingSwitch.IsGated(invocation.SyntaxTree))
            {
                tally.Add(use.Reason, invocation.GetLocation());
            }

            // A call that does not bind (code being typed) is a compile error already.
            if (!use.Intercepted && use.Reason != SkipReason.UnresolvedCall)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UseNotProfiled,
                    invocation.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(ReasonProperty, use.Reason.ToString()),
                    use.TargetName,
                    SkipReasonText.Describe(use.Reason)));
            }

            return;
        }

        if (use.Method is { } method && invocation.Expression is not MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax })
        {
            ReportUnannotatedDispatch(context, invocation, method, implementations);
        }
    }

    private static void ReportUnannotatedDispatch(SyntaxNodeAnalysisContext context, InvocationExpressionSyntax invocation, IMethodSymbol method, AnnotatedImplementations implementations)
    {
        ImmutableArray<IMethodSymbol> annotated = implementations.Of(CallSiteParser.Definition(method), context.CancellationToken);
        if (annotated.IsEmpty)
        {
            return;
        }

        ITypeSymbol? receiver = ReceiverType(invocation, context.SemanticModel, context.CancellationToken);
        IMethodSymbol? implementation = null;
        foreach (IMethodSymbol candidate in annotated)
        {
            if (receiver is null || TypeRelations.MayBeSame(receiver, candidate.ContainingType))
            {
                // One that carries [Profile] itself is named first: it decides the severity.
                if (implementation is null || (ProfileAnnotations.ProfileAttributeOf(implementation) is null && ProfileAnnotations.ProfileAttributeOf(candidate) is not null))
                {
                    implementation = candidate;
                }
            }
        }

        if (implementation is null)
        {
            return;
        }

        IMethodSymbol member = CallSiteParser.Definition(method);
        ProfileAnnotation annotation = ProfileAnnotations.For(implementation)!;
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(MemberProperty, member.GetDocumentationCommentId())
            .Add(LayerProperty, annotation.Layer.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A warning when the user wrote [Profile] on the implementation; when only its type's [Profile]
        // covers it, the same note at Info, so annotating types never breaks a warnings-as-errors build.
        DiagnosticSeverity severity = annotation.OnMember ? DiagnosticDescriptors.CalledThroughUnannotatedMember.DefaultSeverity : DiagnosticSeverity.Info;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.CalledThroughUnannotatedMember,
            invocation.GetLocation(),
            severity,
            additionalLocations: null,
            properties,
            member.ToDisplayString(),
            implementation.ToDisplayString()));
    }

    /// <summary>The static type of the receiver a call dispatches on, or null when it cannot tell.</summary>
    private static ITypeSymbol? ReceiverType(InvocationExpressionSyntax invocation, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        ExpressionSyntax? receiver = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            MemberBindingExpressionSyntax => invocation.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
            _ => null,
        };

        if (receiver is null)
        {
            // An unqualified call: the receiver is this.
            return model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken)?.ContainingType;
        }

        return model.GetTypeInfo(receiver, cancellationToken).Type;
    }

    private static void AnalyzeMethodReference(OperationAnalysisContext context, CallSiteClassifier classifier, InterceptionTally? tally)
    {
        SkipReason reason = ReferenceParser.SkipReasonOf(context.Operation, out IMethodSymbol? method);
        if (reason == SkipReason.MethodGroup && method is not null)
        {
            // Counted as the generator counts it: in files compiled with EDM_PROFILING, for names its pre-filter passes.
            SyntaxNode syntax = context.Operation.Syntax;
            if (tally is not null && ProfilingSwitch.IsGated(syntax.SyntaxTree) && classifier.MightBeProfiled(method.Name))
            {
                tally.Add(reason, syntax.GetLocation());
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UseNotProfiled,
                context.Operation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(ReasonProperty, reason.ToString()),
                ProbeNames.DisplayName(method),
                SkipReasonText.Describe(reason)));
        }
    }
}
