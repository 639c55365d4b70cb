using System.IO;
using System.Threading;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Decides, for one invocation, whether it calls a profiled method and whether that call can be
/// intercepted; the reason when it cannot. Shared by the generator and the analyzers.
/// </summary>
internal static class CallSiteParser
{
    /// <summary>The simple name an invocation calls (<c>M</c> in <c>a.M()</c>, <c>M&lt;T&gt;()</c>, <c>a?.M()</c>), or null.</summary>
    public static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The result for a call the parser failed on: skipped, never thrown.</summary>
    public static CallSiteResult Faulted(InvocationExpressionSyntax invocation) => Skipped(invocation, null, SkipReason.GeneratorFault);

    /// <summary>
    /// For a name that is not called (<c>Helper.IsWhitespace</c> passed as an argument): a skipped
    /// <see cref="SkipReason.MethodGroup"/> use when it converts a profiled method to a delegate, else
    /// <see cref="CallSiteResult.NotProfiled"/>. The use is placed where EDM002 reports it.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="model">The semantic model of its tree.</param>
    /// <param name="cancellationToken">Cancels the binding.</param>
    /// <param name="bindAlone">Ask an argument's symbol on its own first, as <see cref="Parse"/> does.</param>
    public static CallSiteResult ParseReference(SimpleNameSyntax name, SemanticModel model, CancellationToken cancellationToken, bool bindAlone = false)
    {
        if (IsCalledOrNamed(name))
        {
            return CallSiteResult.NotProfiled;
        }

        SyntaxNode node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;

        // The symbol first: most such names are properties, fields or locals that share a profiled
        // method's name (text.Length). Asking for the operation binds the whole member body and
        // builds its operation tree, which cost a fifth of the generator's time in a test project.
        // An argument is looked up alone (BindsAlone): what a name refers to does not depend on where
        // its value goes; an answer of nothing at all is asked again in its statement.
        SymbolInfo symbol = bindAlone && node is ExpressionSyntax expression && BindsAlone(expression)
            ? model.GetSpeculativeSymbolInfo(node.SpanStart, expression, SpeculativeBindingOption.BindAsExpression)
            : default;
        if (symbol.Symbol is null && symbol.CandidateSymbols.IsEmpty)
        {
            symbol = model.GetSymbolInfo(node, cancellationToken);
        }

        if (!MayBeMethod(symbol))
        {
            return CallSiteResult.NotProfiled;
        }

        if (model.GetOperation(node, cancellationToken) is not { } operation
            || ReferenceParser.SkipReasonOf(operation, out IMethodSymbol? method) != SkipReason.MethodGroup
            || method is null)
        {
            return CallSiteResult.NotProfiled;
        }

        return Skipped(node, method, SkipReason.MethodGroup);
    }

    /// <summary>Whether a name binds to a method, or to candidates of which one is a method: only then can it be a method group.</summary>
    private static bool MayBeMethod(SymbolInfo info)
    {
        if (info.Symbol is not null)
        {
            return info.Symbol is IMethodSymbol;
        }

        foreach (ISymbol candidate in info.CandidateSymbols)
        {
            if (candidate is IMethodSymbol)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a name is the method of an invocation, or sits inside <c>nameof(…)</c>: neither is a method group that runs.</summary>
    private static bool IsCalledOrNamed(SimpleNameSyntax name)
    {
        SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            || name.Parent is MemberBindingExpressionSyntax
            ? name.Parent
            : name;
        if (callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee)
        {
            return true;
        }

        for (SyntaxNode? node = callee.Parent; node is not null and not StatementSyntax and not MemberDeclarationSyntax; node = node.Parent)
        {
            if (node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Binds <paramref name="invocation"/> and classifies it.</summary>
    /// <param name="invocation">The call.</param>
    /// <param name="model">The semantic model of its tree.</param>
    /// <param name="cancellationToken">Cancels the binding.</param>
    /// <param name="bindAlone">
    /// Bind a call that is an argument of another call on its own (<see cref="BindsAlone"/>) rather than
    /// with its whole statement: for the generator, whose semantic model binds nothing else. The
    /// analyzers leave it false: their model is shared, and binds every statement anyway.
    /// </param>
    public static CallSiteResult Parse(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken, bool bindAlone = false)
    {
        bool alone = bindAlone && BindsAlone(invocation);
        SymbolInfo info = alone ? model.GetSpeculativeSymbolInfo(invocation.SpanStart, invocation, SpeculativeBindingOption.BindAsExpression) : default;
        if (!alone || info.Symbol is not IMethodSymbol { } bound || ProfileAnnotations.For(Definition(bound)) is null)
        {
            // Anything but a profiled method, bound alone, is asked again in its statement: a call must
            // never go unprobed because it was bound out of its context.
            alone = false;
            info = model.GetSymbolInfo(invocation, cancellationToken);
        }

        if (info.Symbol is not IMethodSymbol called)
        {
            foreach (ISymbol candidate in info.CandidateSymbols)
            {
                if (candidate is IMethodSymbol method && ProfileAnnotations.For(Definition(method)) is not null)
                {
                    SkipReason unbound = info.CandidateReason == CandidateReason.LateBound ? SkipReason.DynamicCall : SkipReason.UnresolvedCall;
                    return Skipped(invocation, Definition(method), unbound);
                }
            }

            return CallSiteResult.NotProfiled;
        }

        IMethodSymbol definition = Definition(called);
        if (called.MethodKind is MethodKind.DelegateInvoke or MethodKind.FunctionPointerSignature
            || ProfileAnnotations.For(definition) is null)
        {
            return CallSiteResult.NotProfiled;
        }

        SkipReason reason = SkipReasonOf(invocation, called, model, alone, cancellationToken);
        if (reason != SkipReason.None)
        {
            return Skipped(invocation, definition, reason);
        }

        if (model.GetInterceptableLocation(invocation, cancellationToken) is not { } location)
        {
            return Skipped(invocation, definition, SkipReason.NoInterceptableLocation);
        }

        FileLinePositionSpan span = invocation.GetLocation().GetLineSpan();
        string display = $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
        return new CallSiteResult(
            new CallSiteSpec(definition.GetDocumentationCommentId() ?? definition.ToDisplayString(), location.Version, location.Data, display),
            null);
    }

    /// <summary>The declaration a call refers to: the unreduced extension method, the generic definition.</summary>
    public static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

    /// <summary>
    /// Whether binding <paramref name="expression"/> (a call, or a name) on its own gives what binding
    /// its statement gives, and costs less: it is an argument (at any depth) of another call, object
    /// creation or indexer, whose overload resolution (an assertion's dozens of overloads) is most of
    /// the statement's binding. Not inside a lambda, anonymous method or query (their parameters'
    /// types come from the enclosing call) or a conditional access (<c>.M()</c> needs its receiver),
    /// and only in a statement. C# binds a call, and looks up a name, without regard to where the
    /// value goes, so the method found is the same.
    /// </summary>
    internal static bool BindsAlone(ExpressionSyntax expression)
    {
        if (expression is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax })
        {
            return false;
        }

        bool argument = false;
        for (SyntaxNode? node = expression.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax or QueryExpressionSyntax or ConditionalAccessExpressionSyntax:
                    return false;
                case ArgumentSyntax:
                    argument = true;
                    break;
                case StatementSyntax:
                    return argument;
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static SkipReason SkipReasonOf(InvocationExpressionSyntax invocation, IMethodSymbol called, SemanticModel model, bool alone, CancellationToken cancellationToken)
    {
        if (called.MethodKind == MethodKind.LocalFunction)
        {
            return SkipReason.LocalFunction;
        }

        // Code being typed: leave the calls of a member alone until the member parses.
        SyntaxNode member = invocation.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)invocation;
        if (member.ContainsDiagnostics)
        {
            return SkipReason.UnresolvedCall;
        }

        if (invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax })
        {
            return SkipReason.BaseCall;
        }

        // A dynamic argument makes the call late-bound even when the semantic model names the one
        // candidate: the compiler accepts an interceptor for it and silently never calls it.
        if (HasDynamicOperand(invocation, model, alone, cancellationToken) && model.GetOperation(invocation, cancellationToken) is IDynamicInvocationOperation)
        {
            return SkipReason.DynamicCall;
        }

        if (IsInExpressionTree(invocation, model, cancellationToken))
        {
            return SkipReason.ExpressionTree;
        }

        if (!called.IsStatic && called.ContainingType.TypeKind == TypeKind.Interface && ReceiverOf(invocation) is { } receiver
            && TypeOf(receiver, model, alone, cancellationToken) is ITypeParameterSymbol { IsReferenceType: false })
        {
            return SkipReason.ConstrainedCall;
        }

        return SkipReason.None;
    }

    /// <summary>Cheap syntactic-plus-type test before asking for the operation: a receiver or argument typed dynamic.</summary>
    private static bool HasDynamicOperand(InvocationExpressionSyntax invocation, SemanticModel model, bool alone, CancellationToken cancellationToken)
    {
        if (ReceiverOf(invocation) is { } receiver && TypeOf(receiver, model, alone, cancellationToken) is IDynamicTypeSymbol)
        {
            return true;
        }

        foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
        {
            if (TypeOf(argument.Expression, model, alone, cancellationToken) is IDynamicTypeSymbol)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type of an operand of the call, bound as the call was (<see cref="BindsAlone"/>).</summary>
    private static ITypeSymbol? TypeOf(ExpressionSyntax expression, SemanticModel model, bool alone, CancellationToken cancellationToken) => alone
        ? model.GetSpeculativeTypeInfo(expression.SpanStart, expression, SpeculativeBindingOption.BindAsExpression).Type
        : model.GetTypeInfo(expression, cancellationToken).Type;

    private static ExpressionSyntax? ReceiverOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Expression,
        MemberBindingExpressionSyntax => invocation.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
        _ => null,
    };

    /// <summary>
    /// Whether the call sits in a lambda or query that becomes an expression tree. Only calls under a
    /// lambda or a query pay for the check, and a lambda's only by the type it converts to: asking for
    /// the call's operation instead would bind the whole member body and build its operation tree.
    /// </summary>
    private static bool IsInExpressionTree(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        for (SyntaxNode? node = invocation.Parent; node is not null && node is not MemberDeclarationSyntax; node = node.Parent)
        {
            if (node is QueryExpressionSyntax)
            {
                // A query's lambdas have no syntax of their own: the operations show them.
                return IsInExpressionTreeOperation(invocation, model, cancellationToken);
            }

            if (node is AnonymousFunctionExpressionSyntax lambda
                && model.GetTypeInfo(lambda, cancellationToken).ConvertedType is { } convertedType
                && IsExpressionType(convertedType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInExpressionTreeOperation(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        for (IOperation? operation = model.GetOperation(invocation, cancellationToken); operation is not null; operation = operation.Parent)
        {
            if (operation is IAnonymousFunctionOperation && operation.Parent is IDelegateCreationOperation { Type: { } delegateType }
                && IsExpressionType(delegateType))
            {
                return true;
            }

            if (operation is IAnonymousFunctionOperation && operation.Parent is IConversionOperation { Type: { } convertedType } && IsExpressionType(convertedType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsExpressionType(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current is INamedTypeSymbol { Name: "LambdaExpression" or "Expression" } named
                && named.ContainingNamespace.ToDisplayString() == "System.Linq.Expressions")
            {
                return true;
            }
        }

        return false;
    }

    private static CallSiteResult Skipped(SyntaxNode use, IMethodSymbol? definition, SkipReason reason)
    {
        FileLinePositionSpan span = use.GetLocation().GetLineSpan();
        return new CallSiteResult(
            null,
            new SkippedCallSpec(
                definition is null ? "?" : ProbeNames.DisplayName(definition),
                reason,
                span.Path,
                span.StartLinePosition.Line + 1,
                span.StartLinePosition.Character + 1,
                definition is null ? null : definition.GetDocumentationCommentId() ?? definition.ToDisplayString()));
    }
}
