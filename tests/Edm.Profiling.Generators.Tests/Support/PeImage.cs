using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>
/// Reads an assembly file the way the "no cost when off" contract is stated: its code, metadata and
/// resources, and the few bytes a deterministic build derives from its PDB.
/// </summary>
internal static class PeImage
{
    /// <summary>
    /// The file with every byte that identifies the build's PDB set to zero: the debug directory's
    /// CodeView data (PDB id and path) and PDB checksum, each directory entry's time stamp, and the two
    /// values a deterministic build derives from a hash of the whole file, PDB id included: the COFF
    /// time stamp and the module version id (MVID). Everything else (headers, IL, metadata, resources)
    /// is kept, so two files equal after this differ in nothing but their PDB.
    /// </summary>
    public static byte[] WithoutPdbIdentity(byte[] image)
    {
        byte[] masked = (byte[])image.Clone();
        using var reader = new PEReader(new MemoryStream(image));
        PEHeaders headers = reader.PEHeaders;
        Clear(masked, headers.CoffHeaderStartOffset + 4, 4); // IMAGE_FILE_HEADER.TimeDateStamp

        if (headers.TryGetDirectoryOffset(headers.PEHeader!.DebugTableDirectory, out int table))
        {
            const int EntrySize = 28; // IMAGE_DEBUG_DIRECTORY
            ImmutableArray<DebugDirectoryEntry> entries = reader.ReadDebugDirectory();
            for (int i = 0; i < entries.Length; i++)
            {
                Clear(masked, table + (i * EntrySize) + 4, 4); // TimeDateStamp (the PDB id's stamp for CodeView)
                if (entries[i].Type is DebugDirectoryEntryType.CodeView or DebugDirectoryEntryType.PdbChecksum)
                {
                    Clear(masked, entries[i].DataPointer, entries[i].DataSize);
                }
            }
        }

        MetadataReader metadata = reader.GetMetadataReader();
        GuidHandle mvid = metadata.GetModuleDefinition().Mvid;
        int mvidOffset = headers.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.Guid) + ((MetadataTokens.GetHeapOffset(mvid) - 1) * 16);
        if (new Guid(image.AsSpan(mvidOffset, 16)) != metadata.GetGuid(mvid))
        {
            throw new InvalidOperationException("MVID not found where the #GUID heap says it is");
        }

        Clear(masked, mvidOffset, 16);
        return masked;
    }

    /// <summary>The IL of every method body (as hex), by method name, in metadata order.</summary>
    public static IReadOnlyList<(string Method, string Il)> MethodBodies(byte[] image)
    {
        using var reader = new PEReader(new MemoryStream(image));
        MetadataReader metadata = reader.GetMetadataReader();
        var bodies = new List<(string, string)>();
        foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
        {
            MethodDefinition method = metadata.GetMethodDefinition(handle);
            string name = metadata.GetString(metadata.GetTypeDefinition(method.GetDeclaringType()).Name) + "." + metadata.GetString(method.Name);
            byte[] il = method.RelativeVirtualAddress == 0 ? [] : reader.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? [];
            bodies.Add((name, Convert.ToHexString(il)));
        }

        return bodies;
    }

    /// <summary>The metadata block (tables and heaps) with the MVID cleared, and the managed resources section.</summary>
    public static (byte[] Metadata, byte[] Resources) MetadataAndResources(byte[] image)
    {
        byte[] masked = WithoutPdbIdentity(image);
        using var reader = new PEReader(new MemoryStream(image));
        PEHeaders headers = reader.PEHeaders;
        byte[] metadata = masked.AsSpan(headers.MetadataStartOffset, headers.MetadataSize).ToArray();
        DirectoryEntry resources = headers.CorHeader!.ResourcesDirectory;
        byte[] resourceBytes = resources.Size > 0 && headers.TryGetDirectoryOffset(resources, out int offset)
            ? image.AsSpan(offset, resources.Size).ToArray()
            : [];
        return (metadata, resourceBytes);
    }

    private static void Clear(byte[] bytes, int offset, int length) => Array.Clear(bytes, offset, length);
}
