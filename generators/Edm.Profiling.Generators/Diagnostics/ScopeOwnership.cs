using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>Follows the value a <c>Profiler.Scope(...)</c> call returns, to see whether someone disposes it.</summary>
internal static class ScopeOwnership
{
    /// <summary>
    /// Whether the scope is disposed (<c>using</c>, <c>Dispose()</c>) or handed on (returned, passed
    /// as an argument, stored in a field or property, captured); false when it is thrown away or kept
    /// in a local nobody disposes.
    /// </summary>
    public static bool IsDisposedOrHandedOn(IOperation scope)
    {
        IOperation value = scope;
        while (value.Parent is IConversionOperation or IParenthesizedOperation)
        {
            value = value.Parent;
        }

        switch (value.Parent)
        {
            case IExpressionStatementOperation:
                return false;
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                return false;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Value == value:
                return IsLocalDisposed(local.Local, scope);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsDeclaredWithUsing(declarator) || IsLocalDisposed(declarator.Symbol, scope);
            default:
                // using (...), return, an argument, a field, a member access on the scope: not ours to judge.
                return true;
        }
    }

    private static bool IsDeclaredWithUsing(IVariableDeclaratorOperation declarator) =>
        declarator.Parent is IVariableDeclarationOperation { Parent: var owner }
        && (owner is IUsingOperation || owner is IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation });

    /// <summary>Whether any use of <paramref name="local"/> in the enclosing body disposes it or hands it on.</summary>
    private static bool IsLocalDisposed(ILocalSymbol local, IOperation scope)
    {
        IOperation root = scope;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) && !IsOnlyAssigned(reference))
            {
                IOperation use = reference;
                while (use.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    use = use.Parent;
                }

                switch (use.Parent)
                {
                    case IInvocationOperation { TargetMethod.Name: "Dispose" } call when call.Instance == use:
                    case IUsingOperation:
                    case IReturnOperation:
                    case IArgumentOperation:
                    case ISimpleAssignmentOperation assignment when assignment.Value == use:
                        return true;
                }
            }
        }

        return false;
    }

    private static bool IsOnlyAssigned(ILocalReferenceOperation reference) =>
        reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;
}
