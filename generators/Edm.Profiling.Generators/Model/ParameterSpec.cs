namespace Edm.Profiling.Generators.Model;

/// <summary>One parameter of a probed method, as the interceptor must repeat it.</summary>
/// <param name="Name">The name, escaped with <c>@</c> where it is a keyword.</param>
/// <param name="Type">Fully qualified type, with nullable annotations.</param>
/// <param name="Modifier"><c>ref</c>, <c>out</c>, <c>in</c>, <c>ref readonly</c>, or empty.</param>
/// <param name="IsParams">Declared <c>params</c> (kept so a <c>params</c> span stays implicitly scoped).</param>
/// <param name="IsScoped">Declared <c>scoped</c>; interceptors must match it.</param>
/// <param name="Attributes">
/// The target's nullability and flow attributes on this parameter, as written before it
/// (e.g. <c>[global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] </c>), or empty.
/// </param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record ParameterSpec(string Name, string Type, string Modifier, bool IsParams, bool IsScoped, string Attributes = "")
{
    /// <summary>The modifier written at a call: <c>in</c> for both <c>in</c> and <c>ref readonly</c>.</summary>
    public string ArgumentModifier => Modifier == "ref readonly" ? "in" : Modifier;
}
