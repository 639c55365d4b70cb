namespace Edm.Profiling.Generators.Model;

/// <summary>The facts generated code passes to <c>ProbeDescriptor</c>: one per probed method.</summary>
/// <param name="Name">Stable display name, the baseline key: <c>Namespace.Type.Method(ParamTypes)</c>, or the attribute's <c>Name</c>.</param>
/// <param name="DeclaringType">Fully qualified declaring type, e.g. <c>QuickStart.Work</c>.</param>
/// <param name="Signature">Return type, name and parameter types, e.g. <c>int CountPrimes(int)</c>.</param>
/// <param name="File">Source file of the declaration (as the compiler sees it, after path maps), or null for a referenced assembly.</param>
/// <param name="Line">1-based line of the declaration, 0 when unknown.</param>
/// <param name="Layer">The <c>Layer</c> value from the attribute (member wins over type).</param>
/// <param name="Category">The <c>Category</c> from the attribute (member wins over type), or null.</param>
/// <param name="Sampling">False when the attribute opts out of adaptive timing (<c>Sampling = false</c>).</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record ProbeSpec(
    string Name,
    string DeclaringType,
    string Signature,
    string? File,
    int Line,
    int Layer,
    string? Category,
    bool Sampling = true);
