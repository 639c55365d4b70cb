using System.Diagnostics;

namespace Edm.Profiling;

/// <summary>
/// Opts a method out of profiling when its type carries <see cref="ProfileAttribute"/>.
/// Like <see cref="ProfileAttribute"/>, it leaves no trace in metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[Conditional("EDM_PROFILING_METADATA")]
public sealed class NoProfileAttribute : Attribute
{
}
