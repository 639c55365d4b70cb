namespace Edm.Profiling.Generators.Model;

/// <summary>One generated file: the interceptors for the probed methods of one declaring type.</summary>
/// <param name="FileKey">Metadata name of the declaring type.</param>
/// <param name="HintName">The generated file's name, unique in the compilation.</param>
/// <param name="Methods">Each probed method that is called, with its call sites.</param>
/// <param name="HideFromStackTraces">The compilation has <c>System.Diagnostics.StackTraceHiddenAttribute</c> (.NET 6 and later): the class carries it.</param>
/// <param name="SharedAttribute">The compilation gets one <c>InterceptsLocationAttribute</c> (<see cref="Emitting.InterceptsLocationEmitter"/>); otherwise the file ends with its own.</param>
/// <param name="PublicClassName">
/// Set when a method of the file is <see cref="TargetSpec.Exported"/>: the class is public under this name, unique in
/// the compilation, and an assembly marker lists its exported interceptors; null: a <c>file</c> class.
/// </param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record InterceptorFileSpec(string FileKey, string HintName, EquatableArray<InterceptedMethodSpec> Methods, bool HideFromStackTraces = false, bool SharedAttribute = false, string? PublicClassName = null);

/// <summary>A probed method and the calls to it that this compilation intercepts.</summary>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record InterceptedMethodSpec(TargetSpec Target, EquatableArray<CallSiteSpec> CallSites);
