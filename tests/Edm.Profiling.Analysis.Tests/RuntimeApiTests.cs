using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>
/// The Analysis package uses only the runtime's public API. The two packages are only minimum-versioned
/// against each other, so an internal reached across them could be gone from the runtime a user has
/// (a MissingMethodException at run time); the code Analysis shares with the runtime is compiled into it.
/// </summary>
public sealed class RuntimeApiTests
{
    private static readonly Assembly Runtime = typeof(Profiler).Assembly;
    private static readonly Assembly Analysis = typeof(AnalysisException).Assembly;

    [Fact]
    public void The_runtime_shows_its_internals_to_no_shipped_assembly()
    {
        string[] friends = [.. Runtime.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName)];
        Assert.DoesNotContain("Edm.Profiling.Analysis", friends);
        Assert.DoesNotContain("Edm.Profiling.CommandLine", friends);
        Assert.All(friends, friend => Assert.EndsWith(".Tests", friend, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_runtime_type_and_member_the_analysis_assembly_references_is_public()
    {
        using var stream = File.OpenRead(Analysis.Location);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();
        var referenced = new List<string>();
        var hidden = new List<string>();

        foreach (MemberReferenceHandle handle in metadata.MemberReferences)
        {
            MemberReference member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference || RuntimeType(metadata, (TypeReferenceHandle)member.Parent) is not { } type)
            {
                continue;
            }

            string name = metadata.GetString(member.Name);
            referenced.Add($"{type.FullName}.{name}");
            MemberInfo[] candidates = type.GetMember(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance);
            if (!candidates.Any(IsPublic))
            {
                hidden.Add($"{type.FullName}.{name}");
            }
        }

        foreach (TypeReferenceHandle handle in metadata.TypeReferences)
        {
            if (RuntimeType(metadata, handle) is { } type && !type.IsVisible)
            {
                hidden.Add(type.FullName!);
            }
        }

        // The check has something to check: Analysis reads sessions through the runtime's types.
        Assert.Contains(referenced, r => r.StartsWith("Edm.Profiling.SessionReport.", StringComparison.Ordinal));
        Assert.Empty(hidden);
    }

    /// <summary>The runtime type a type reference names, or null when it is another assembly's.</summary>
    private static Type? RuntimeType(MetadataReader metadata, TypeReferenceHandle handle)
    {
        TypeReference reference = metadata.GetTypeReference(handle);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            // A nested type: its declaring type decides the assembly.
            return RuntimeType(metadata, (TypeReferenceHandle)reference.ResolutionScope)?.GetNestedType(metadata.GetString(reference.Name), BindingFlags.Public | BindingFlags.NonPublic);
        }

        if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference
            || metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name) != Runtime.GetName().Name)
        {
            return null;
        }

        string ns = metadata.GetString(reference.Namespace);
        string name = metadata.GetString(reference.Name);
        return Runtime.GetType(ns.Length == 0 ? name : $"{ns}.{name}", throwOnError: true);
    }

    private static bool IsPublic(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(a => a.IsPublic),
        EventInfo e => e.AddMethod?.IsPublic == true,
        Type type => type.IsVisible,
        _ => false,
    };
}
