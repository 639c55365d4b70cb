using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Edm.Profiling.Generators.Emitting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Edm.Profiling.CodeFixes;

/// <summary>
/// Rewrites a method group converted to a delegate (<c>Check(text, CharHelper.IsWhitespace)</c>) into a
/// lambda that calls the method (<c>c => CharHelper.IsWhitespace(c)</c>): the call inside the lambda is
/// an ordinary invocation, which the generator intercepts. Parameters keep the delegate's
/// <c>ref</c>/<c>out</c>/<c>in</c> and then carry their types; generic methods get their type arguments
/// written out; a task-returning method's lambda returns the task as the group did.
/// </summary>
internal static class MethodGroupLambda
{
    /// <summary>The lambda to put in place of <paramref name="group"/>, or null when this use is not a method group the fix handles.</summary>
    public static ExpressionSyntax? Create(ExpressionSyntax group, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetOperation(group, cancellationToken) is not IMethodReferenceOperation reference
            || reference.Parent is not IDelegateCreationOperation { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } }
            || group is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }
            || Callee(group, reference.Method, model) is not { } callee)
        {
            return null;
        }

        IMethodSymbol method = reference.Method;
        bool typed = invoke.Parameters.Any(p => p.RefKind != RefKind.None) || !IsTargetTyped(group, model, cancellationToken);
        if (!method.TypeArguments.All(IsNameable) || (typed && !invoke.Parameters.All(p => IsNameable(p.Type))))
        {
            // An anonymous type cannot be written out: leave the group as it is.
            return null;
        }

        List<string> names = ParameterNames(method, invoke, group, model);
        var parameters = new List<string>();
        var arguments = new List<string>();
        for (int i = 0; i < invoke.Parameters.Length; i++)
        {
            IParameterSymbol parameter = invoke.Parameters[i];
            string modifier = Modifier(parameter.RefKind);
            parameters.Add(typed ? modifier + parameter.Type.ToMinimalDisplayString(model, group.SpanStart) + " " + names[i] : names[i]);
            arguments.Add(i < method.Parameters.Length ? Modifier(method.Parameters[i].RefKind, argument: true) + names[i] : names[i]);
        }

        string parameterList = parameters.Count == 1 && !typed ? parameters[0] : "(" + string.Join(", ", parameters) + ")";
        string text = parameterList + " => " + callee + "(" + string.Join(", ", arguments) + ")";
        ExpressionSyntax lambda = SyntaxFactory.ParseExpression(text);
        if (NeedsParentheses(group))
        {
            lambda = SyntaxFactory.ParenthesizedExpression(lambda);
        }

        return lambda.WithTriviaFrom(group);
    }

    /// <summary>
    /// The group as the callee of the call, with the type arguments the conversion inferred written
    /// out (a lambda's body is bound on its own, so inference from the delegate type no longer helps).
    /// </summary>
    private static string? Callee(ExpressionSyntax group, IMethodSymbol method, SemanticModel model)
    {
        string text = group.WithoutTrivia().ToString();
        SimpleNameSyntax? name = group switch
        {
            SimpleNameSyntax simple => simple,
            MemberAccessExpressionSyntax access => access.Name,
            _ => null,
        };

        if (name is null)
        {
            return null;
        }

        if (method.TypeArguments.Length == 0 || name is GenericNameSyntax)
        {
            return text;
        }

        string typeArguments = "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToMinimalDisplayString(model, group.SpanStart))) + ">";
        return text + typeArguments;
    }

    /// <summary>
    /// Whether the context gives the lambda its delegate type (an argument, a typed variable): a lambda
    /// with implicitly typed parameters has no type of its own, unlike a method group (<c>var f = M;</c>).
    /// </summary>
    private static bool IsTargetTyped(ExpressionSyntax group, SemanticModel model, CancellationToken cancellationToken)
    {
        if (group.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } })
        {
            return false;
        }

        if (group.Parent is CastExpressionSyntax cast)
        {
            return model.GetTypeInfo(cast.Type, cancellationToken).Type is { TypeKind: TypeKind.Delegate };
        }

        return model.GetTypeInfo(group, cancellationToken).ConvertedType is { TypeKind: TypeKind.Delegate } converted
            && converted.SpecialType != SpecialType.System_Delegate && converted.SpecialType != SpecialType.System_MulticastDelegate;
    }

    /// <summary>The method's parameter names, renamed where they would capture or shadow a name in scope.</summary>
    private static List<string> ParameterNames(IMethodSymbol method, IMethodSymbol invoke, ExpressionSyntax group, SemanticModel model)
    {
        var taken = new HashSet<string>(group.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText));
        var names = new List<string>();
        for (int i = 0; i < invoke.Parameters.Length; i++)
        {
            string preferred = i < method.Parameters.Length ? method.Parameters[i].Name : invoke.Parameters[i].Name;
            if (string.IsNullOrEmpty(preferred))
            {
                preferred = "arg";
            }

            string name = preferred;
            for (int n = 2; taken.Contains(name) || model.LookupSymbols(group.SpanStart, name: name).Any(s => s is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol); n++)
            {
                name = preferred + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            taken.Add(name);
            names.Add(CSharpNames.Escape(name));
        }

        return names;
    }

    private static bool IsNameable(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => false,
        IArrayTypeSymbol array => IsNameable(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.All(IsNameable),
        _ => true,
    };

    private static string Modifier(RefKind kind, bool argument = false) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => argument ? "in " : "ref readonly ",
        _ => string.Empty,
    };

    /// <summary>Where a lambda would not parse as the whole operand: casts, operators, conditionals, member access.</summary>
    private static bool NeedsParentheses(ExpressionSyntax group) => group.Parent is not (
        ArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax
        or ParenthesizedExpressionSyntax or InitializerExpressionSyntax or YieldStatementSyntax or AssignmentExpressionSyntax);
}
