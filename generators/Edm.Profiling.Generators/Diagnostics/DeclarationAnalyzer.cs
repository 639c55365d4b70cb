using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// What <c>[Profile]</c> does where it is written: EDM001 (on a member no interceptor can reach),
/// EDM005 (Detailed on a trivial method), EDM007 (beside <c>[NoProfile]</c>), EDM009 (a layer
/// that differs from the type's) and EDM011 (the methods a type's <c>[Profile]</c> covers but cannot
/// reach, once per type). Runs per declaration, with the generator's <see cref="TargetParser"/>.
/// </summary>
/// <remarks>
/// The rule for unreachable members: a <c>[Profile]</c> the user wrote on the member itself is a
/// promise the build cannot keep, so it warns (EDM001) at that attribute. A member reached only
/// through its type's <c>[Profile]</c> was never asked for by name; warning for each would break
/// warnings-as-errors builds just for annotating a type, so they are listed in one EDM011 per type,
/// at Info severity, on the type's attribute.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property of EDM001: where the [Profile] is written; always <see cref="MemberAnnotation"/> (type-level cases are EDM011).</summary>
    public const string AnnotationProperty = "Annotation";

    /// <summary>The member carries [Profile] itself.</summary>
    public const string MemberAnnotation = "Member";

    /// <summary>Diagnostic property of EDM001: the probe name a Profiler.Scope would use.</summary>
    public const string ScopeNameProperty = "ScopeName";

    /// <summary>Diagnostic property of EDM001: the layer (0 Lightweight, 1 Detailed) of the annotation.</summary>
    public const string LayerProperty = "Layer";

    /// <summary>Diagnostic property of EDM001: the <see cref="SkipReason"/> name.</summary>
    public const string ReasonProperty = "Reason";

    private const int Detailed = 1;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UninterceptableMember,
        DiagnosticDescriptors.DetailedOnTrivialMethod,
        DiagnosticDescriptors.ProfileAndNoProfile,
        DiagnosticDescriptors.LayerConflict,
        DiagnosticDescriptors.TypeMembersNotProfiled);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var classifier = new CallSiteClassifier(start.Compilation);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, classifier), SymbolKind.Method);
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, classifier), SymbolKind.NamedType);

            // Local functions and lambdas are not member symbols: found by syntax, and only those with attributes bound.
            start.RegisterSyntaxNodeAction(
                node => AnalyzeFunction(node, classifier),
                SyntaxKind.LocalFunctionStatement,
                SyntaxKind.ParenthesizedLambdaExpression);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, CallSiteClassifier classifier)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
        {
            // The compiler rejects [Profile] there already (CS0592: the attribute targets methods, not constructors).
            return;
        }

        AttributeData? own = ProfileAnnotations.ProfileAttributeOf(method);
        if (own is null && ProfileAnnotations.NoProfileAttributeOf(method) is null && !IsCoveredByType(method))
        {
            return;
        }

        CancellationToken cancellationToken = context.CancellationToken;
        if (own is not null && ProfileAnnotations.NoProfileAttributeOf(method) is { } optOut)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProfileAndNoProfile, LocationOf(optOut, method, cancellationToken), method.ToDisplayString()));
        }

        if (ProfileAnnotations.For(method) is not { } annotation)
        {
            return;
        }

        if (own is null)
        {
            // Covered by the type's [Profile] only: AnalyzeType summarises what it cannot reach.
            return;
        }

        SkipReason skip = classifier.TargetSkip(method);
        if (skip != SkipReason.None)
        {
            ReportUninterceptable(context.ReportDiagnostic, method, own, annotation, skip, cancellationToken);
            return;
        }

        if (annotation.Layer == Detailed && IsTrivial(method, cancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DetailedOnTrivialMethod, LocationOf(own, method, cancellationToken), method.Name));
        }

        if (method.ContainingType is { } type && ProfileAnnotations.ProfileAttributeOf(type) is { } typeAttribute
            && ProfileAnnotations.LayerOf(typeAttribute) is var typeLayer && typeLayer != annotation.Layer)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LayerConflict,
                LocationOf(own, method, cancellationToken),
                method.Name,
                LayerName(annotation.Layer),
                LayerName(typeLayer),
                type.Name));
        }
    }

    /// <summary>EDM011: the ordinary methods a type's own [Profile] covers and no interceptor can reach, in one diagnostic.</summary>
    private static void AnalyzeType(SymbolAnalysisContext context, CallSiteClassifier classifier)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (ProfileAnnotations.ProfileAttributeOf(type) is not { } typeAttribute)
        {
            return;
        }

        var unreached = new List<(IMethodSymbol Method, SkipReason Reason)>();
        foreach (ISymbol member in type.GetMembers())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (member is IMethodSymbol method && ProfileAnnotations.For(method) is { OnMember: false }
                && classifier.TargetSkip(method) is var skip && skip != SkipReason.None
                && !SkipReasons.DependsOnTarget(skip))
            {
                unreached.Add((method, skip));
            }
        }

        if (unreached.Count == 0)
        {
            return;
        }

        // Grouped by reason, in declaration order: "reason: 'A.M()', 'A.N(int)'; other reason: 'A.O()'".
        var groups = new List<string>();
        foreach (IGrouping<SkipReason, (IMethodSymbol Method, SkipReason Reason)> group in unreached.GroupBy(u => u.Reason))
        {
            groups.Add(SkipReasonText.Describe(group.Key) + ": " + string.Join(", ", group.Select(u => "'" + u.Method.ToDisplayString() + "'")));
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TypeMembersNotProfiled,
            LocationOf(typeAttribute, type, context.CancellationToken),
            unreached.Where(u => u.Method.Locations.Length > 0 && u.Method.Locations[0].IsInSource).Select(u => u.Method.Locations[0]),
            type.ToDisplayString(),
            unreached.Count.ToString(CultureInfo.InvariantCulture),
            string.Join("; ", groups)));
    }

    private static void AnalyzeFunction(SyntaxNodeAnalysisContext context, CallSiteClassifier classifier)
    {
        SyntaxList<AttributeListSyntax> attributes = context.Node switch
        {
            LocalFunctionStatementSyntax local => local.AttributeLists,
            ParenthesizedLambdaExpressionSyntax lambda => lambda.AttributeLists,
            _ => default,
        };
        if (attributes.Count == 0)
        {
            return;
        }

        ISymbol? symbol = context.Node is LocalFunctionStatementSyntax
            ? context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken)
            : context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol;
        if (symbol is IMethodSymbol method && ProfileAnnotations.ProfileAttributeOf(method) is { } own && ProfileAnnotations.For(method) is { } annotation)
        {
            ReportUninterceptable(context.ReportDiagnostic, method, own, annotation, classifier.TargetSkip(method), context.CancellationToken);
        }
    }

    private static void ReportUninterceptable(System.Action<Diagnostic> report, IMethodSymbol method, AttributeData own, ProfileAnnotation annotation, SkipReason skip, CancellationToken cancellationToken)
    {
        // A skip of this target only is told where it happens, as EDM002 at each call (SkipReasons.DependsOnTarget).
        if (skip == SkipReason.None || SkipReasons.DependsOnTarget(skip))
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(AnnotationProperty, MemberAnnotation)
            .Add(ScopeNameProperty, annotation.Name ?? ProbeNames.DisplayName(method))
            .Add(LayerProperty, annotation.Layer.ToString(CultureInfo.InvariantCulture))
            .Add(ReasonProperty, skip.ToString());
        report(Diagnostic.Create(
            DiagnosticDescriptors.UninterceptableMember,
            LocationOf(own, method, cancellationToken),
            properties,
            method.ToDisplayString(),
            SkipReasonText.Describe(skip)));
    }

    /// <summary>Cheap test before any parsing: an ordinary method of a type that carries [Profile].</summary>
    private static bool IsCoveredByType(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary && method.ContainingType is { } type && ProfileAnnotations.IsProfiledType(type);

    private static bool IsTrivial(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration && TrivialBody.IsTrivial(declaration))
            {
                return true;
            }
        }

        return false;
    }

    private static Location LocationOf(AttributeData attribute, ISymbol owner, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? owner.Locations[0];

    private static string LayerName(int layer) => layer switch
    {
        0 => "Lightweight",
        1 => "Detailed",
        _ => layer.ToString(CultureInfo.InvariantCulture),
    };
}
