#if NET
using System.Diagnostics.CodeAnalysis;
#endif

namespace Edm.Profiling;

/// <summary>
/// Declares a backend an assembly offers, so a session asked for it by name (<c>EDM_PROFILING_BACKENDS</c>)
/// finds it without code registering it: the runtime loads the assemblies <see cref="ProfilerBackends"/>
/// knows of and reads these attributes.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ProfilerBackendAttribute : Attribute
{
    /// <summary>Declares <paramref name="backendType"/> under <paramref name="name"/>.</summary>
    /// <param name="name">Name the backend is asked for by, e.g. <c>cpu-sampling</c>.</param>
    /// <param name="backendType">An <see cref="IProfilerBackend"/> with a public parameterless constructor.</param>
    public ProfilerBackendAttribute(
        string name,
#if NET
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
#endif
        Type backendType)
    {
        Name = name;
        BackendType = backendType;
    }

    /// <summary>Name the backend is asked for by.</summary>
    public string Name { get; }

    /// <summary>The backend's type.</summary>
#if NET
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
#endif
    public Type BackendType { get; }
}
