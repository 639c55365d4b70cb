using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Edm.Profiling.Packaging.Tests.Support;

/// <summary>What an assembly's metadata names, read with System.Reflection.Metadata (nothing is loaded).</summary>
public sealed record AssemblyFacts(
    IReadOnlyList<string> TypeDefinitions,
    IReadOnlyList<string> TypeReferences,
    IReadOnlyList<AssemblyReferenceFact> AssemblyReferences,
    IReadOnlyList<string> AttributeTypes,
    string? TargetFramework)
{
    public static AssemblyFacts Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream);
    }

    public static AssemblyFacts Read(Stream stream)
    {
        // PEReader needs a seekable stream; zip entries are not.
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        using var pe = new PEReader(copy);
        MetadataReader reader = pe.GetMetadataReader();

        string[] definitions = [.. reader.TypeDefinitions.Select(h => reader.GetTypeDefinition(h)).Select(t => FullName(reader, t.Namespace, t.Name))];
        string[] references = [.. reader.TypeReferences.Select(h => reader.GetTypeReference(h)).Select(t => FullName(reader, t.Namespace, t.Name))];
        AssemblyReferenceFact[] assemblies = [.. reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h)).Select(a => new AssemblyReferenceFact(reader.GetString(a.Name), a.Version))];

        var attributeTypes = new List<string>();
        string? targetFramework = null;
        foreach (CustomAttributeHandle handle in reader.CustomAttributes)
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            string type = AttributeType(reader, attribute);
            attributeTypes.Add(type);
            if (type == "System.Runtime.Versioning.TargetFrameworkAttribute" && attribute.Parent.Kind == HandleKind.AssemblyDefinition)
            {
                BlobReader blob = reader.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                targetFramework = blob.ReadSerializedString();
            }
        }

        return new AssemblyFacts(definitions, references, assemblies, [.. attributeTypes.Distinct()], targetFramework);
    }

    private static string AttributeType(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => FullName(reader, reader.GetTypeReference((TypeReferenceHandle)type).Namespace, reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => FullName(reader, reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => "?",
        };
    }

    private static string FullName(MetadataReader reader, StringHandle @namespace, StringHandle name) =>
        @namespace.IsNil ? reader.GetString(name) : reader.GetString(@namespace) + "." + reader.GetString(name);

    /// <summary>The definitions in <paramref name="namespace"/>.</summary>
    public ImmutableArray<string> TypesIn(string @namespace) =>
        [.. TypeDefinitions.Where(t => t.StartsWith(@namespace + ".", StringComparison.Ordinal))];
}

/// <summary>One assembly an assembly references.</summary>
public sealed record AssemblyReferenceFact(string Name, Version Version);
