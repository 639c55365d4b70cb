using System.IO.MemoryMappedFiles;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Which method a piece of an assembly's precompiled (ReadyToRun) code belongs to, read from the
/// assembly file: the ReadyToRun header's table of compiled code ranges (<c>RuntimeFunctions</c>) and
/// its table of which method definition starts at which range (<c>MethodDefEntryPoints</c>), named
/// through the file's metadata.
/// </summary>
/// <remarks>
/// The runtime's rundown names the precompiled methods it enumerates, but not all of them: CoreLib's
/// precompiled P/Invoke methods (<c>Interop+Sys.GetTimestamp</c>, which <c>Stopwatch.GetTimestamp</c>
/// calls where the JIT does not inline the P/Invoke), for instance, are not in it, so a sample stopped
/// in one would only say "native code in System.Private.CoreLib.dll". Generic instantiations (another
/// table, a hash table) and funclets are not named here; neither is code of a composite image.
/// </remarks>
internal sealed class ReadyToRunImage : IDisposable
{
    private const uint Signature = 0x00525452; // "RTR"
    private const int RuntimeFunctionsSection = 102;
    private const int MethodDefEntryPointsSection = 103;
    private const int RuntimeFunctionSize = 12; // x64 and arm64 keep begin, end and unwind RVAs; only x64's layout is read
    private const int BlockSize = 16;           // a NativeArray's entries per block

    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _file; // the file's bytes, read in place
    private readonly SectionHeader[] _sections;
    private readonly uint[] _functionStarts;
    private readonly uint[] _functionEnds;
    private readonly int[] _methods; // by runtime function index: the method definition's row starting there, 0 for its funclets
    private readonly Dictionary<int, string> _names = [];
    private readonly PEReader _pe;
    private readonly MetadataReader _metadata;

    private ReadyToRunImage(MemoryMappedFile mapping, MemoryMappedViewAccessor file, PEReader pe, int functions, int functionsRva, int entryPointsRva)
    {
        _mapping = mapping;
        _file = file;
        _pe = pe;
        _sections = [.. pe.PEHeaders.SectionHeaders];
        _metadata = pe.GetMetadataReader();
        _functionStarts = new uint[functions];
        _functionEnds = new uint[functions];
        int at = Offset(functionsRva);
        for (int i = 0; i < functions; i++, at += RuntimeFunctionSize)
        {
            _functionStarts[i] = file.ReadUInt32(at);
            _functionEnds[i] = file.ReadUInt32(at + 4);
        }

        _methods = new int[functions];
        int methods = _metadata.GetTableRowCount(TableIndex.MethodDef);
        var entryPoints = new NativeArray(this, entryPointsRva);
        for (int rid = 1; rid <= methods; rid++)
        {
            if (entryPoints.TryGetAt(rid - 1, out int entry))
            {
                Decode(entry, out uint id);
                id = (id & 1) != 0 ? id >> 2 : id >> 1; // bit 0: the entry has fixups (bit 1: given as a back reference)
                if (id < functions)
                {
                    _methods[id] = rid;
                }
            }
        }
    }

    /// <summary>Reads the ReadyToRun tables of <paramref name="path"/>; null when it is no ReadyToRun image or cannot be read.</summary>
    internal static ReadyToRunImage? Open(string path)
    {
        PEReader? pe = null;
        MemoryMappedFile? mapping = null;
        MemoryMappedViewAccessor? file = null;
        try
        {
            // Mapped, not read: CoreLib is 16 MB, of which a few tables are read.
            pe = new PEReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete));
            PEHeaders headers = pe.PEHeaders;
            if (headers.CorHeader is not { ManagedNativeHeaderDirectory.Size: > 0 } cor
                || headers.PEHeader?.Magic != PEMagic.PE32Plus
                || !pe.HasMetadata)
            {
                Close(pe, mapping, file);
                return null;
            }

            mapping = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            file = mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            var image = new RvaMap(file, [.. headers.SectionHeaders]);
            int header = image.Offset(cor.ManagedNativeHeaderDirectory.RelativeVirtualAddress);
            if (header < 0 || file.ReadUInt32(header) != Signature)
            {
                Close(pe, mapping, file);
                return null;
            }

            // Signature, major and minor version, flags, then the count of sections: (type, RVA, size) each.
            int count = file.ReadInt32(header + 12);
            int functionsRva = 0, functionsSize = 0, entryPointsRva = 0;
            for (int i = 0, at = header + 16; i < count; i++, at += 12)
            {
                int type = file.ReadInt32(at);
                if (type == RuntimeFunctionsSection)
                {
                    functionsRva = file.ReadInt32(at + 4);
                    functionsSize = file.ReadInt32(at + 8);
                }
                else if (type == MethodDefEntryPointsSection)
                {
                    entryPointsRva = file.ReadInt32(at + 4);
                }
            }

            if (functionsRva == 0 || entryPointsRva == 0)
            {
                Close(pe, mapping, file);
                return null;
            }

            return new ReadyToRunImage(mapping, file, pe, functionsSize / RuntimeFunctionSize, functionsRva, entryPointsRva);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            Close(pe, mapping, file);
            return null;
        }
    }

    /// <summary>The method whose precompiled main body holds file offset <paramref name="fileOffset"/>, or null.</summary>
    internal string? MethodAt(long fileOffset)
    {
        if (Rva(fileOffset) is not uint rva)
        {
            return null;
        }

        int index = Array.BinarySearch(_functionStarts, rva);
        if (index < 0)
        {
            index = ~index - 1;
        }

        if (index < 0 || rva >= _functionEnds[index])
        {
            return null;
        }

        // Only a range a method starts at is named. Funclets (exception handlers) and generic instantiations
        // have ranges of their own that this table does not list, and adjoining ranges cannot tell them
        // apart (in CoreLib 3,220 unlisted ranges adjoin the one before, 6% of listed ones do too): such
        // code stays unnamed rather than named after its neighbour.
        if (_methods[index] is not (int rid and > 0))
        {
            return null;
        }

        if (!_names.TryGetValue(rid, out string? name))
        {
            _names[rid] = name = MethodName(MetadataTokens.MethodDefinitionHandle(rid));
        }

        return name;
    }

    /// <summary>The file offset where each method's precompiled code starts, with its name (what <see cref="MethodAt"/> reads, listed).</summary>
    internal IEnumerable<(long FileOffset, string Name)> Methods()
    {
        for (int i = 0; i < _methods.Length; i++)
        {
            if (_methods[i] > 0 && FileOffset(_functionStarts[i]) is long offset && MethodAt(offset) is { } name)
            {
                yield return (offset, name);
            }
        }
    }

    public void Dispose() => Close(_pe, _mapping, _file);

    private static void Close(PEReader? pe, MemoryMappedFile? mapping, MemoryMappedViewAccessor? file)
    {
        file?.Dispose();
        mapping?.Dispose();
        pe?.Dispose();
    }

    private long? FileOffset(uint rva) => Offset((int)rva) is int offset and >= 0 ? offset : null;

    private int Offset(int rva) => new RvaMap(_file, _sections).Offset(rva);

    private uint? Rva(long fileOffset)
    {
        foreach (SectionHeader section in _sections)
        {
            if (fileOffset >= section.PointerToRawData && fileOffset < section.PointerToRawData + section.SizeOfRawData)
            {
                return (uint)(fileOffset - section.PointerToRawData + section.VirtualAddress);
            }
        }

        return null;
    }

    /// <summary>Decodes one unsigned number of the native format at RVA <paramref name="rva"/>; returns the RVA after it.</summary>
    private int Decode(int rva, out uint value)
    {
        int at = Offset(rva);
        uint first = _file.ReadByte(at);
        if ((first & 1) == 0)
        {
            value = first >> 1;
            return rva + 1;
        }

        if ((first & 2) == 0)
        {
            value = (first >> 2) | ((uint)_file.ReadByte(at + 1) << 6);
            return rva + 2;
        }

        if ((first & 4) == 0)
        {
            value = (first >> 3) | ((uint)_file.ReadByte(at + 1) << 5) | ((uint)_file.ReadByte(at + 2) << 13);
            return rva + 3;
        }

        if ((first & 8) == 0)
        {
            value = (first >> 4) | ((uint)_file.ReadByte(at + 1) << 4) | ((uint)_file.ReadByte(at + 2) << 12) | ((uint)_file.ReadByte(at + 3) << 20);
            return rva + 4;
        }

        value = _file.ReadUInt32(at + 1);
        return rva + 5;
    }

    /// <summary>The method's name as TraceEvent writes it: <c>Namespace.Type+Nested.Method(parameter types)</c>.</summary>
    private string MethodName(MethodDefinitionHandle handle)
    {
        MethodDefinition method = _metadata.GetMethodDefinition(handle);
        string type = TypeName(method.GetDeclaringType());
        MethodSignature<string> signature = method.DecodeSignature(new SignatureNames(this), null);
        return $"{type}.{_metadata.GetString(method.Name)}({string.Join(",", signature.ParameterTypes)})";
    }

    private string TypeName(TypeDefinitionHandle handle)
    {
        TypeDefinition type = _metadata.GetTypeDefinition(handle);
        string name = _metadata.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } outer)
        {
            return $"{TypeName(outer)}+{name}";
        }

        string ns = _metadata.GetString(type.Namespace);
        return ns.Length > 0 ? $"{ns}.{name}" : name;
    }

    private string TypeName(TypeReferenceHandle handle)
    {
        TypeReference type = _metadata.GetTypeReference(handle);
        string ns = _metadata.GetString(type.Namespace);
        string name = _metadata.GetString(type.Name);
        return ns.Length > 0 ? $"{ns}.{name}" : name;
    }

    /// <summary>Turns RVAs of an image into offsets in its file.</summary>
    private readonly struct RvaMap(MemoryMappedViewAccessor file, SectionHeader[] sections)
    {
        internal int Offset(int rva)
        {
            foreach (SectionHeader section in sections)
            {
                if (rva >= section.VirtualAddress && rva < section.VirtualAddress + Math.Max(section.VirtualSize, section.SizeOfRawData))
                {
                    int offset = rva - section.VirtualAddress + section.PointerToRawData;
                    return offset < file.Capacity ? offset : -1;
                }
            }

            return -1;
        }
    }

    /// <summary>The runtime's sparse array format: blocks of 16 entries, each a small tree of offsets.</summary>
    private readonly struct NativeArray
    {
        private readonly ReadyToRunImage _image;
        private readonly int _base;
        private readonly uint _count;
        private readonly uint _indexSize;

        internal NativeArray(ReadyToRunImage image, int rva)
        {
            _image = image;
            _base = image.Decode(rva, out uint header);
            _count = header >> 2;
            _indexSize = header & 3;
        }

        internal bool TryGetAt(int index, out int rva)
        {
            rva = 0;
            if ((uint)index >= _count)
            {
                return false;
            }

            int block = index / BlockSize;
            MemoryMappedViewAccessor file = _image._file;
            int at = _indexSize switch
            {
                0 => _image.Offset(_base + block),
                1 => _image.Offset(_base + (2 * block)),
                _ => _image.Offset(_base + (4 * block)),
            };
            int offset = _base + (int)(_indexSize switch
            {
                0 => file.ReadByte(at),
                1 => file.ReadUInt16(at),
                _ => file.ReadUInt32(at),
            });

            for (int bit = BlockSize >> 1; bit > 0; bit >>= 1)
            {
                int next = _image.Decode(offset, out uint value);
                if ((index & bit) != 0)
                {
                    if ((value & 2) != 0)
                    {
                        offset += (int)(value >> 2);
                        continue;
                    }
                }
                else if ((value & 1) != 0)
                {
                    offset = next;
                    continue;
                }

                // A leaf holding one entry of the block: is it this one?
                if ((value & 3) == 0 && (value >> 2) == (uint)(index & (BlockSize - 1)))
                {
                    offset = next;
                    break;
                }

                return false;
            }

            rva = offset;
            return true;
        }
    }

    /// <summary>Parameter types named as TraceEvent names them (<c>int32</c>, <c>class System.String</c>, <c>value class …</c>, <c>unsigned int8&amp;</c>).</summary>
    private sealed class SignatureNames(ReadyToRunImage image) : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "bool",
            PrimitiveTypeCode.Char => "wchar",
            PrimitiveTypeCode.SByte => "int8",
            PrimitiveTypeCode.Byte => "unsigned int8",
            PrimitiveTypeCode.Int16 => "int16",
            PrimitiveTypeCode.UInt16 => "unsigned int16",
            PrimitiveTypeCode.Int32 => "int32",
            PrimitiveTypeCode.UInt32 => "unsigned int32",
            PrimitiveTypeCode.Int64 => "int64",
            PrimitiveTypeCode.UInt64 => "unsigned int64",
            PrimitiveTypeCode.Single => "float32",
            PrimitiveTypeCode.Double => "float64",
            PrimitiveTypeCode.IntPtr => "native int",
            PrimitiveTypeCode.UIntPtr => "native unsigned int",
            PrimitiveTypeCode.String => "class System.String",
            PrimitiveTypeCode.Object => "class System.Object",
            PrimitiveTypeCode.Void => "void",
            PrimitiveTypeCode.TypedReference => "typedref",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            (rawTypeKind == (byte)SignatureTypeKind.ValueType ? "value class " : "class ") + image.TypeName(handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            (rawTypeKind == (byte)SignatureTypeKind.ValueType ? "value class " : "class ") + image.TypeName(handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetGenericInstantiation(string genericType, System.Collections.Immutable.ImmutableArray<string> typeArguments) =>
            $"{genericType}<{string.Join(",", typeArguments)}>";

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string GetFunctionPointerType(MethodSignature<string> signature) => "method";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
    }
}
