using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Display names of probes. They are baseline keys, so they depend only on the declaration:
/// <c>Namespace.Type.Method(ParamTypes)</c>, generic parameters shown, no nullability, no paths.
/// </summary>
internal static class ProbeNames
{
    /// <summary>Declaring types: namespaces and containing types, type parameters by name.</summary>
    private static readonly SymbolDisplayFormat s_typeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>Parameter and return types: short (containing types, no namespaces), C# keywords.</summary>
    private static readonly SymbolDisplayFormat s_shortTypeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary><c>Ns.Type</c>, e.g. <c>QuickStart.Work</c> or <c>Ns.Box&lt;T&gt;</c>.</summary>
    public static string DeclaringType(IMethodSymbol method) => method.ContainingType.ToDisplayString(s_typeFormat);

    /// <summary><c>Ns.Type.Method(ParamTypes)</c>, e.g. <c>QuickStart.Work.CountPrimes(int)</c>.</summary>
    public static string DisplayName(IMethodSymbol method) =>
        DeclaringType(method) + "." + MethodPart(method);

    /// <summary><c>ReturnType Method(ParamTypes)</c>, e.g. <c>int CountPrimes(int)</c>.</summary>
    public static string Signature(IMethodSymbol method)
    {
        string returnType = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_shortTypeFormat);
        string prefix = method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : string.Empty;
        return prefix + returnType + " " + MethodPart(method);
    }

    private static string MethodPart(IMethodSymbol method)
    {
        var text = new StringBuilder(method.Name);
        if (method.TypeParameters.Length > 0)
        {
            text.Append('<').Append(string.Join(", ", method.TypeParameters.Select(t => t.Name))).Append('>');
        }

        text.Append('(');
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => string.Empty,
            });
            text.Append(parameter.Type.ToDisplayString(s_shortTypeFormat));
        }

        return text.Append(')').ToString();
    }
}
