namespace Edm.Profiling.Generators.Model;

/// <summary>One type parameter of an interceptor: those of the declaring types, outermost first, then the method's.</summary>
/// <param name="Name">The original name.</param>
/// <param name="Constraints">The constraint list after <c>where T :</c>, or empty.</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record TypeParameterSpec(string Name, string Constraints);
